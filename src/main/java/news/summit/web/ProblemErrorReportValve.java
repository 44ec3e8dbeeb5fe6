package news.summit.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
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
        ProblemDetail problem = Problems.forStatus(status, request.getMethod(), request.getRequestURI());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", String.valueOf(problem.getInstance()));
        byte[] bytes = json.writeValueAsBytes(body);
        try {
            response.setStatus(status);
            Problems.headers(HttpStatusCode.valueOf(status)).forEach((name, values) -> response.setHeader(name, values.get(0)));
            SecurityHeaders.setOn(response);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            response.finishResponse();
        }
        catch (IOException | IllegalStateException ex) {
            // The connection is gone or the response is already committed: nothing left to say.
        }
    }

}
