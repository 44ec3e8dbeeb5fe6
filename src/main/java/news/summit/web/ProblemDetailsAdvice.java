package news.summit.web;

import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
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
        headers.set(HttpHeaders.ALLOW, Problems.ALLOWED_METHODS);
        ProblemDetail body = ex.updateAndGetBody(getMessageSource(), request.getLocale());
        body.setDetail("The method %s is not allowed here; the API answers %s.".formatted(ex.getMethod(),
                Problems.ALLOWED_METHODS));
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
            HttpMediaTypeNotAcceptableException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String offered = ex.getSupportedMediaTypes().stream().map(Object::toString).collect(Collectors.joining(", "));
        ProblemDetail body = ex.updateAndGetBody(getMessageSource(), request.getLocale());
        body.setDetail("No representation of this resource matches the Accept header; it is available as "
                + offered + ".");
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
        body.setDetail(Problems.detail(404));
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    /** Tomcat reads the query string only when asked, so its refusal arrives here. */
    @ExceptionHandler
    @Nullable ResponseEntity<Object> handleUnreadableQuery(InvalidParameterException ex, WebRequest request) {
        HttpStatus status = HttpStatus.BAD_REQUEST;
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, "The query string cannot be read: each "
                + "parameter must be percent-encoded UTF-8, and there may be at most 1000 of them.");
        return handleExceptionInternal(ex, body, new HttpHeaders(), status, request);
    }

    /**
     * Every problem this API answers is about one request: no cache may keep it. (The headers
     * an exception brings may be read-only.)
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        HttpHeaders writable = new HttpHeaders();
        writable.putAll(headers);
        writable.setCacheControl(CacheControl.noStore());
        return super.createResponseEntity(body, writable, statusCode, request);
    }

    /** A bug of ours, never the client's: log it whole, answer nothing of it. */
    @ExceptionHandler
    @Nullable ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
            return null;
        }
        logger.error("Unexpected failure answering " + request.getDescription(false), ex);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, Problems.detail(500));
        return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

}
