package news.summit.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.util.ConcurrentLruCache;

/**
 * Chooses among the media types a resource is available as, by {@code Accept} (RFC 9110
 * 12.5.1): the most specific range that matches a type gives it its quality, {@code q=0} means
 * "not this", and ties go to the server's order.
 */
final class MediaTypeNegotiation {

    /**
     * Clients send few distinct {@code Accept} headers (a browser's, curl's, a script's), and
     * parsing one costs more than the rest of a fast-path answer: each is parsed once, in a
     * bounded cache (as Spring's own {@code MimeTypeUtils} does), so headers a client invents
     * cost memory only up to the bound.
     */
    private static final ConcurrentLruCache<String, Optional<List<MediaType>>> parsed = new ConcurrentLruCache<>(
            1024, (header) -> Optional.ofNullable(parse(List.of(header))));

    private MediaTypeNegotiation() {
    }

    /**
     * The position in {@code available} of the type the client prefers, or -1 when it accepts
     * none of them. No {@code Accept} at all accepts anything: the first.
     */
    static int choose(List<MediaType> available, List<String> acceptHeaders) {
        List<MediaType> ranges = mediaRanges(acceptHeaders);
        if (ranges == null) {
            return 0;
        }
        int best = -1;
        double bestQuality = 0;
        for (int i = 0; i < available.size(); i++) {
            double quality = quality(available.get(i), ranges);
            if (quality > bestQuality) {
                best = i;
                bestQuality = quality;
            }
        }
        return best;
    }

    /**
     * The media ranges of {@code Accept} headers, skipping malformed ones (a client's typo or
     * an attack must not turn negotiation into an error); {@code null} when there are none at
     * all, which means "anything".
     */
    static @Nullable List<MediaType> mediaRanges(List<String> acceptHeaders) {
        return (acceptHeaders.size() == 1) ? parsed.get(acceptHeaders.get(0)).orElse(null) : parse(acceptHeaders);
    }

    private static @Nullable List<MediaType> parse(List<String> acceptHeaders) {
        List<MediaType> ranges = new ArrayList<>();
        boolean blank = true;
        for (String header : acceptHeaders) {
            for (String element : header.split(",")) {
                if (element.isBlank()) {
                    continue;
                }
                blank = false;
                try {
                    ranges.add(MediaType.parseMediaType(element));
                }
                catch (IllegalArgumentException ex) {
                    // A range no one can satisfy; the others still count.
                }
            }
        }
        return blank ? null : List.copyOf(ranges);
    }

    /** The quality the most specific matching range gives {@code type}; 0 when none matches. */
    private static double quality(MediaType type, List<MediaType> ranges) {
        double quality = 0;
        int specificity = -1;
        for (MediaType range : ranges) {
            if (range.includes(type)) {
                int rangeSpecificity = range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
                if (rangeSpecificity > specificity) {
                    specificity = rangeSpecificity;
                    quality = range.getQualityValue();
                }
            }
        }
        return quality;
    }

}
