package news.summit.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;

/**
 * A resource and its rendered representations, in the server's order of preference. It answers
 * a request with the representation its {@code Accept} header prefers (RFC 9110 12.5.1: the most
 * specific matching range gives each type its quality, {@code q=0} means "not this", ties go to
 * the server's order), gzip-coded when {@code Accept-Encoding} allows it, or 304 when
 * {@code If-None-Match} holds its ETag. Every header of every answer is prepared once, here.
 */
public final class NegotiatedResource {

    private final List<Representation> representations;

    /** The headers each form is sent with, by form. */
    private final Map<Representation.Body, Headers> headers = new IdentityHashMap<>();

    /** The headers of a 200 and of a 304 for one form. */
    private record Headers(HttpHeaders ok, HttpHeaders notModified) {
    }

    /**
     * @param link the {@code Link} header (RFC 8288), or {@code null}
     */
    public NegotiatedResource(List<Representation> representations, CacheControl cacheControl,
            @Nullable String link) {
        this.representations = List.copyOf(representations);
        boolean compressible = this.representations.stream().anyMatch((r) -> r.gzip() != null);
        for (Representation representation : this.representations) {
            for (Representation.Body body : Arrays.asList(representation.identity(), representation.gzip())) {
                if (body == null) {
                    continue;
                }
                // A 304 carries what RFC 9110 15.4.5 lists; a 200 adds what describes the bytes.
                HttpHeaders notModified = new HttpHeaders();
                HttpHeaders ok = new HttpHeaders();
                for (HttpHeaders headers : List.of(notModified, ok)) {
                    headers.setETag(body.eTag());
                    headers.setCacheControl(cacheControl);
                    headers.setVary(compressible ? List.of(HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_ENCODING)
                            : List.of(HttpHeaders.ACCEPT));
                    if (link != null) {
                        headers.set(HttpHeaders.LINK, link);
                    }
                }
                ok.setContentType(representation.mediaType());
                ok.setContentLength(body.bytes().length);
                ok.set("Repr-Digest", body.reprDigest());
                if (body == representation.gzip()) {
                    ok.set(HttpHeaders.CONTENT_ENCODING, "gzip");
                }
                this.headers.put(body, new Headers(HttpHeaders.readOnlyHttpHeaders(ok),
                        HttpHeaders.readOnlyHttpHeaders(notModified)));
            }
        }
    }

    public List<Representation> representations() {
        return this.representations;
    }

    /** The answer for Spring MVC. */
    public ResponseEntity<byte[]> respond(HttpHeaders request) throws HttpMediaTypeNotAcceptableException {
        ResponseEntity<byte[]> answer = answer(request.getOrEmpty(HttpHeaders.ACCEPT),
                request.getOrEmpty(HttpHeaders.ACCEPT_ENCODING), request.getOrEmpty(HttpHeaders.IF_NONE_MATCH));
        if (answer == null) {
            throw new HttpMediaTypeNotAcceptableException(
                    this.representations.stream().map(Representation::mediaType).toList());
        }
        return answer;
    }

    /**
     * The same answer, written straight to the servlet response ({@link RenderedResourcesFilter}).
     * @return {@code false}, with nothing written, when no representation is acceptable
     */
    boolean write(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ResponseEntity<byte[]> answer = answer(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)),
                Collections.list(request.getHeaders(HttpHeaders.ACCEPT_ENCODING)),
                Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH)));
        if (answer == null) {
            return false;
        }
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
        if (answer.getBody() != null && !"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(answer.getBody());
        }
        return true;
    }

    private @Nullable ResponseEntity<byte[]> answer(List<String> accept, List<String> acceptEncoding,
            List<String> ifNoneMatch) {
        Representation chosen = negotiate(accept);
        if (chosen == null) {
            return null;
        }
        Representation.Body body = chosen.body(acceptsGzip(acceptEncoding));
        Headers headers = this.headers.get(body);
        if (matchesAny(ifNoneMatch, body.eTag())) {
            return new ResponseEntity<>(headers.notModified(), HttpStatus.NOT_MODIFIED);
        }
        return new ResponseEntity<>(body.bytes(), headers.ok(), HttpStatus.OK);
    }

    /**
     * Whether {@code If-None-Match} matches, by weak comparison, with {@code *} matching any
     * current representation (RFC 9110 13.1.2; Spring MVC's own check leaves {@code *} out for
     * GET). Malformed entity tags match nothing.
     */
    static boolean matchesAny(List<String> ifNoneMatch, String eTag) {
        if (ifNoneMatch.isEmpty()) {
            return false;
        }
        ETag current = ETag.create(eTag);
        for (String header : ifNoneMatch) {
            for (ETag tag : ETag.parse(header)) {
                if (tag.isWildcard() || tag.compare(current, false)) {
                    return true;
                }
            }
        }
        return false;
    }

    private @Nullable Representation negotiate(List<String> acceptHeaders) {
        List<MediaType> ranges = mediaRanges(acceptHeaders);
        if (ranges == null) {
            return this.representations.get(0);
        }
        Representation best = null;
        double bestQuality = 0;
        for (Representation representation : this.representations) {
            double quality = quality(representation.mediaType(), ranges);
            if (quality > bestQuality) {
                best = representation;
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
        return blank ? null : ranges;
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

    /** Whether {@code gzip} (or {@code *}) is among the codings the client takes, with q above 0. */
    static boolean acceptsGzip(List<String> acceptEncodingHeaders) {
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
