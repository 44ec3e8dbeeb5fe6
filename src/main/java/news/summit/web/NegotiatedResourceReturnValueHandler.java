package news.summit.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a controller method return a {@link NegotiatedResource}: Spring MVC then answers with
 * the bytes the fast path would send, written by the same code. A request that accepts none of
 * its representations becomes Spring's own 406; one whose {@code If-Match} does not hold, a 412.
 */
class NegotiatedResourceReturnValueHandler implements HandlerMethodReturnValueHandler {

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
        return NegotiatedResource.class.isAssignableFrom(returnType.getParameterType());
    }

    @Override
    public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
            ModelAndViewContainer mavContainer, NativeWebRequest webRequest) throws Exception {
        mavContainer.setRequestHandled(true);
        NegotiatedResource resource = (NegotiatedResource) returnValue;
        if (resource == null) {
            throw new HttpMediaTypeNotAcceptableException(List.of());
        }
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        switch (resource.write(request, webRequest.getNativeResponse(HttpServletResponse.class))) {
            case NOT_ACCEPTABLE -> throw new HttpMediaTypeNotAcceptableException(resource.mediaTypes());
            case PRECONDITION_FAILED -> throw new ErrorResponseException(HttpStatus.PRECONDITION_FAILED,
                    Problems.preconditionFailed(request.getRequestURI()), null);
            case WRITTEN -> {
            }
        }
    }

}
