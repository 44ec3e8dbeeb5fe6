package news.summit.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report for requests it refuses before any servlet sees them (a malformed
 * request line, bad percent-encoding, an encoded slash, oversized headers): problem+json
 * instead of Tomcat's HTML page, with nothing of the server in it.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper json = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        int status = Problems.clientStatus(response.getStatus(), request.getMethod());
        ProblemDetail problem = Problems.forStatus(status, request.getRequestURI());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        byte[] bytes = json.writeValueAsBytes(body);
        try {
            response.setStatus(status);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setContentLength(bytes.length);
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            ResponseHeadersFilter.apply(response, ResponseHeadersFilter.API_CONTENT_SECURITY_POLICY);
            if (status == 405) {
                response.setHeader(HttpHeaders.ALLOW, Problems.ALLOWED_METHODS);
            }
            response.getOutputStream().write(bytes);
            response.finishResponse();
        }
        catch (IOException | IllegalStateException ex) {
            // The connection is gone or the response is already committed: nothing left to say.
        }
    }

}
