package news.summit.web;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;

/**
 * The conditional requests this API evaluates (RFC 9110 13.1): {@code If-Match},
 * {@code If-None-Match} and {@code If-Modified-Since}.
 */
final class Preconditions {

    private Preconditions() {
    }

    /**
     * Whether {@code If-Match} holds (RFC 9110 13.1.1): absent, {@code *} (the resource has a
     * current representation), or a listed tag that matches the current one by strong comparison,
     * so a weak tag never matches. Malformed entity tags match nothing.
     */
    static boolean ifMatchHolds(List<String> ifMatch, String eTag) {
        if (ifMatch.isEmpty()) {
            return true;
        }
        ETag current = ETag.create(eTag);
        for (String header : ifMatch) {
            for (ETag tag : ETag.parse(header)) {
                if (tag.isWildcard() || tag.compare(current, true)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a GET or HEAD is answered 304: {@code If-None-Match} matches the current tag; or,
     * only when there is no {@code If-None-Match}, {@code If-Modified-Since} is a valid HTTP-date
     * and the resource has not changed since (RFC 9110 13.2.2, steps 3 and 4).
     */
    static boolean notModified(List<String> ifNoneMatch, String eTag, List<String> ifModifiedSince,
            @Nullable Instant lastModified) {
        if (!ifNoneMatch.isEmpty()) {
            return ifNoneMatchMatches(ifNoneMatch, eTag);
        }
        if (ifModifiedSince.size() != 1 || lastModified == null) {
            return false;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.IF_MODIFIED_SINCE, ifModifiedSince.get(0));
        long since = headers.getIfModifiedSince();
        // HTTP-dates have whole seconds: a resource changed within the second is not newer.
        return since >= 0 && lastModified.getEpochSecond() <= since / 1000;
    }

    /**
     * Whether {@code If-None-Match} matches the current entity tag, by weak comparison, with
     * {@code *} matching any current representation (Spring MVC's own check leaves {@code *} out
     * for GET). Malformed entity tags match nothing.
     */
    static boolean ifNoneMatchMatches(List<String> ifNoneMatch, String eTag) {
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

}
