package news.summit.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page, in place of Boot's Whitelabel page and its JSON: errors
 * that the container or a filter raised, or a status sent without a body, answer problem+json.
 * Requested directly, {@code /error} is just another unknown path.
 */
@RestController
class ErrorPageController implements ErrorController {

    @RequestMapping("${spring.web.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(status instanceof Integer code) || code < 400) {
            return Problems.response(Problems.notFound(request, request.getRequestURI()));
        }
        if (code == 404) {
            return Problems.response(
                    Problems.notFound(request, (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)));
        }
        // The error dispatch itself is a GET; the method the client sent is an attribute (Servlet 6.1).
        Object method = request.getAttribute(RequestDispatcher.ERROR_METHOD);
        return Problems.response(Problems.forStatus(code, (method != null) ? method.toString() : request.getMethod(),
                (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)));
    }

}
