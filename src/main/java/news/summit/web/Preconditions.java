package news.summit.web;

import java.util.List;

import org.springframework.http.ETag;

/** The conditional requests this API evaluates: {@code If-Match} and {@code If-None-Match} (RFC 9110 13.1). */
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
