package news.summit.web;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Renders every exception that reaches Spring MVC as {@code application/problem+json}: the
 * framework's own (with details in the client's terms), the article's
 * {@code ErrorResponseException}s, and anything unexpected, as a generic 500.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Log logger = LogFactory.getLog(ProblemDetailsAdvice.class);

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpRequestMethodNotSupported(
            HttpRequestMethodNotSupportedException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        ProblemDetail body = ex.updateAndGetBody(getMessageSource(), request.getLocale());
        body.setDetail(Problems.methodNotAllowed(ex.getMethod()));
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
            HttpMediaTypeNotAcceptableException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        ProblemDetail body = ex.updateAndGetBody(getMessageSource(), request.getLocale());
        body.setDetail(Problems.notAcceptableDetail(ex.getSupportedMediaTypes()));
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return notFound(ex, ex.getBody(), headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return notFound(ex, ex.getBody(), headers, status, request);
    }

    private @Nullable ResponseEntity<Object> notFound(Exception ex, ProblemDetail body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        HttpServletRequest servletRequest = ((ServletWebRequest) request).getRequest();
        body.setDetail(Problems.notFound(servletRequest, servletRequest.getRequestURI()).getDetail());
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    /** Tomcat reads the query string only when asked, so its refusal arrives here. */
    @ExceptionHandler
    @Nullable ResponseEntity<Object> handleUnreadableQuery(InvalidParameterException ex, WebRequest request) {
        HttpStatus status = HttpStatus.BAD_REQUEST;
        ProblemDetail body = Problems.of(status, status.getReasonPhrase(), Problems.unreadableQuery());
        return handleExceptionInternal(ex, body, new HttpHeaders(), status, request);
    }

    /** Every problem's headers come from {@link Problems}. (The headers an exception brings may be read-only.) */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        HttpHeaders writable = new HttpHeaders();
        writable.putAll(headers);
        writable.putAll(Problems.headers(statusCode));
        return super.createResponseEntity(body, writable, statusCode, request);
    }

    /** A bug of ours, never the client's: log it whole, answer nothing of it. */
    @ExceptionHandler
    @Nullable ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
            return null;
        }
        logger.error("Unexpected failure answering " + request.getDescription(false), ex);
        ProblemDetail body = Problems.forStatus(500, null, ((ServletWebRequest) request).getRequest().getRequestURI());
        return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

}
