package news.summit.article;

import news.summit.web.RenderedResourcesFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class ArticleConfiguration {

    /** The article's fixed resources skip Spring MVC; see {@link RenderedResourcesFilter}. */
    @Bean
    FilterRegistrationBean<RenderedResourcesFilter> renderedArticleFilter(
            ObjectProvider<ArticleRepresentations> representations) {
        FilterRegistrationBean<RenderedResourcesFilter> registration = new FilterRegistrationBean<>(
                new RenderedResourcesFilter(() -> representations.getObject().byPath()));
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

}
