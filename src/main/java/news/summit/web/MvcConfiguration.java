package news.summit.web;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Spring MVC's part of the web setup; {@code @WebMvcTest} slices load it too. */
@Configuration(proxyBeanMethods = false)
class MvcConfiguration implements WebMvcConfigurer {

    /** Controllers return {@link NegotiatedResource}s. */
    @Override
    public void addReturnValueHandlers(List<HandlerMethodReturnValueHandler> handlers) {
        handlers.add(new NegotiatedResourceReturnValueHandler());
    }

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        configurer.strategies(List.of(new LenientAcceptStrategy()));
    }

}
