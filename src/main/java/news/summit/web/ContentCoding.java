package news.summit.web;

import java.util.List;
import java.util.Locale;

import org.springframework.util.ConcurrentLruCache;

/** Reads {@code Accept-Encoding} (RFC 9110 12.5.3) for the one coding this API sends: gzip. */
final class ContentCoding {

    /** As with {@code Accept}, few distinct headers: each is read once, in a bounded cache. */
    private static final ConcurrentLruCache<String, Boolean> read = new ConcurrentLruCache<>(1024,
            (header) -> parse(List.of(header)));

    private ContentCoding() {
    }

    /** Whether {@code gzip} (or {@code *}) is among the codings the client takes, with q above 0. */
    static boolean acceptsGzip(List<String> acceptEncodingHeaders) {
        return (acceptEncodingHeaders.size() == 1) ? read.get(acceptEncodingHeaders.get(0))
                : parse(acceptEncodingHeaders);
    }

    private static boolean parse(List<String> acceptEncodingHeaders) {
        Double gzip = null;
        Double any = null;
        for (String header : acceptEncodingHeaders) {
            for (String element : header.split(",")) {
                String[] parts = element.split(";");
                String coding = parts[0].trim().toLowerCase(Locale.ROOT);
                double quality = 1;
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
                    if (parameter.startsWith("q=")) {
                        quality = parseQuality(parameter.substring(2));
                    }
                }
                if (coding.equals("gzip") || coding.equals("x-gzip")) {
                    gzip = quality;
                }
                else if (coding.equals("*")) {
                    any = quality;
                }
            }
        }
        return (gzip != null) ? gzip > 0 : (any != null && any > 0);
    }

    /** A qvalue (RFC 9110 12.4.2); a malformed one counts as 0, so a typo never forces gzip. */
    private static double parseQuality(String value) {
        if (!value.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) {
            return 0;
        }
        return Double.parseDouble(value);
    }

}
