package news.summit.web;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * A resource and its rendered representations, in the server's order of preference. It answers
 * a request with the representation {@code Accept} prefers ({@link MediaTypeNegotiation}),
 * gzip-coded when {@code Accept-Encoding} allows it ({@link ContentCoding}), after its
 * preconditions ({@link Preconditions}, in RFC 9110 13.2.2's order): {@code If-Match} that does
 * not hold is a 412; {@code If-None-Match} that matches, or without it {@code If-Modified-Since}
 * no older than {@code Last-Modified}, a 304. The one writer of these answers, for
 * the fast path ({@link RenderedResourcesFilter}) and for Spring MVC
 * ({@link NegotiatedResourceReturnValueHandler}) alike; each form's headers are prepared once.
 */
public final class NegotiatedResource {

    /** What {@link #write} did. */
    public enum Outcome {

        /** A 200 or a 304, written whole. */
        WRITTEN,

        /** Nothing written: no representation is acceptable (a 406 to answer). */
        NOT_ACCEPTABLE,

        /** Nothing written: {@code If-Match} does not hold (a 412 to answer). */
        PRECONDITION_FAILED

    }

    private final List<Representation> representations;

    private final List<MediaType> mediaTypes;

    private final HttpHeaders common;

    /** The headers of a 200 and of a 304, by form, prepared the first time a form is sent. */
    private final Map<Representation.Body, Headers> headers = new ConcurrentHashMap<>();

    /**
     * A 200's Content-Type and Content-Length, set through the servlet API, which Tomcat reads
     * them back from; its other headers and a 304's, encoded once.
     */
    private record Headers(String contentType, long contentLength, EncodedHeaders ok, EncodedHeaders notModified) {
    }

    private final @Nullable Instant lastModified;

    /**
     * @param link the {@code Link} header (RFC 8288), or {@code null}
     * @param lastModified when the resource last changed, for {@code Last-Modified} and
     * {@code If-Modified-Since}; {@code null} when that is not known
     */
    public NegotiatedResource(List<Representation> representations, CacheControl cacheControl,
            @Nullable String link, @Nullable Instant lastModified) {
        this.representations = List.copyOf(representations);
        this.lastModified = lastModified;
        this.mediaTypes = this.representations.stream().map(Representation::mediaType).toList();
        // A 304 carries what RFC 9110 15.4.5 lists; a 200 adds what describes the bytes.
        HttpHeaders common = new HttpHeaders();
        common.setCacheControl(cacheControl);
        common.setVary(this.representations.stream().anyMatch(Representation::compressible)
                ? List.of(HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_ENCODING) : List.of(HttpHeaders.ACCEPT));
        if (link != null) {
            common.set(HttpHeaders.LINK, link);
        }
        if (lastModified != null) {
            common.setLastModified(lastModified);
        }
        this.common = HttpHeaders.readOnlyHttpHeaders(common);
    }

    public List<Representation> representations() {
        return this.representations;
    }

    /** The media types this resource is available as, in the server's order. */
    public List<MediaType> mediaTypes() {
        return this.mediaTypes;
    }

    /**
     * Writes the answer to a GET or HEAD, or nothing when the answer is an error (the outcome
     * says which), for the caller to answer as every error is answered.
     */
    public Outcome write(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int chosen = MediaTypeNegotiation.choose(this.mediaTypes, values(request, HttpHeaders.ACCEPT));
        if (chosen < 0) {
            return Outcome.NOT_ACCEPTABLE;
        }
        Representation representation = this.representations.get(chosen);
        Representation.Body body = representation
            .body(ContentCoding.acceptsGzip(values(request, HttpHeaders.ACCEPT_ENCODING)));
        if (!Preconditions.ifMatchHolds(values(request, HttpHeaders.IF_MATCH), body.eTag())) {
            return Outcome.PRECONDITION_FAILED;
        }
        RequestMetricsFilter.setRepresentation(request, representation.metricLabel(), body.coding());
        Headers headers = this.headers.computeIfAbsent(body, (form) -> headers(representation, form));
        if (Preconditions.notModified(values(request, HttpHeaders.IF_NONE_MATCH), body.eTag(),
                values(request, HttpHeaders.IF_MODIFIED_SINCE), this.lastModified)) {
            response.setStatus(HttpStatus.NOT_MODIFIED.value());
            headers.notModified().addTo(request, response);
            return Outcome.WRITTEN;
        }
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(headers.contentType());
        response.setContentLengthLong(headers.contentLength());
        headers.ok().addTo(request, response);
        if (!"HEAD".equals(request.getMethod())) {
            body.writeTo(response.getOutputStream());
        }
        return Outcome.WRITTEN;
    }

    private Headers headers(Representation representation, Representation.Body body) {
        HttpHeaders notModified = new HttpHeaders();
        notModified.setETag(body.eTag());
        notModified.addAll(this.common);
        HttpHeaders ok = new HttpHeaders();
        ok.addAll(notModified);
        ok.set("Repr-Digest", body.reprDigest());
        if (!"identity".equals(body.coding())) {
            ok.set(HttpHeaders.CONTENT_ENCODING, body.coding());
        }
        return new Headers(representation.mediaType().toString(), body.length(), encoded(ok), encoded(notModified));
    }

    private static EncodedHeaders encoded(HttpHeaders headers) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        headers.forEach((name, values) -> values.forEach((value) -> entries.add(Map.entry(name, value))));
        return new EncodedHeaders(entries);
    }

    /** A header's values; the usual one value or none without building a list. */
    private static List<String> values(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (!values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return List.of(first);
        }
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(Collections.list(values));
        return all;
    }

}
