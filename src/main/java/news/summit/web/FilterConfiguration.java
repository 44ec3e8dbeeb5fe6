package news.summit.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.servlet.filter.OrderedFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The application's servlet filters, in the order they run: the metrics first, so that they time
 * everything after them; then the security headers, on every response; then the fast path, before
 * Spring's {@code RequestContextFilter}, whose thread-bound request it has no use for.
 */
@Configuration(proxyBeanMethods = false)
class FilterConfiguration {

    static final int METRICS_ORDER = Ordered.HIGHEST_PRECEDENCE;

    /** Spring Boot's RequestContextFilter runs at REQUEST_WRAPPER_FILTER_MAX_ORDER - 105. */
    static final int SECURITY_HEADERS_ORDER = OrderedFilter.REQUEST_WRAPPER_FILTER_MAX_ORDER - 110;

    static final int FAST_PATH_ORDER = SECURITY_HEADERS_ORDER + 1;

    /** Requests only: an error the container forwards to the error page has its status when the chain returns. */
    @Bean
    FilterRegistrationBean<RequestMetricsFilter> requestMetricsFilter(MeterRegistry registry) {
        FilterRegistrationBean<RequestMetricsFilter> registration = new FilterRegistrationBean<>(
                new RequestMetricsFilter(registry));
        registration.setOrder(METRICS_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    /** Requests and error dispatches: an error the container forwards to the error page is a response too. */
    @Bean
    FilterRegistrationBean<ResponseHeadersFilter> responseHeadersFilter() {
        FilterRegistrationBean<ResponseHeadersFilter> registration = new FilterRegistrationBean<>(
                new ResponseHeadersFilter());
        registration.setOrder(SECURITY_HEADERS_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        return registration;
    }

    /** Requests only: an error dispatch is never a rendered resource's answer. */
    @Bean
    FilterRegistrationBean<RenderedResourcesFilter> renderedResourcesFilter(
            ObjectProvider<RenderedResources> resources) {
        FilterRegistrationBean<RenderedResourcesFilter> registration = new FilterRegistrationBean<>(
                new RenderedResourcesFilter(resources));
        registration.setOrder(FAST_PATH_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

}
