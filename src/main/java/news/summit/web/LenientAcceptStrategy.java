package news.summit.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;

/**
 * Spring MVC's reading of {@code Accept}, without its failure on a malformed header (which
 * would leave even the error response without a body): malformed ranges are skipped, and a
 * header with none left, or with more than Spring will sort, accepts anything.
 */
class LenientAcceptStrategy implements ContentNegotiationStrategy {

    /** Spring sorts at most this many; a longer list is an attack, not a preference. */
    private static final int MAX_RANGES = 50;

    @Override
    public List<MediaType> resolveMediaTypes(NativeWebRequest request) {
        String[] headers = request.getHeaderValues(HttpHeaders.ACCEPT);
        List<MediaType> ranges = (headers != null) ? MediaTypeNegotiation.mediaRanges(Arrays.asList(headers)) : null;
        if (ranges == null || ranges.isEmpty() || ranges.size() > MAX_RANGES) {
            return MEDIA_TYPE_ALL_LIST;
        }
        List<MediaType> sorted = new ArrayList<>(ranges);
        MimeTypeUtils.sortBySpecificity(sorted);
        return sorted;
    }

}
