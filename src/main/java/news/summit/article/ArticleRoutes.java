package news.summit.article;

import news.summit.web.RenderedResources;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The article's rendered resources by route ({@link ArticleController}'s), for the fast path and
 * the OpenAPI examples. A paragraph number that is not one of the article's resolves to nothing,
 * and the controller answers it with its problem.
 */
@Configuration(proxyBeanMethods = false)
class ArticleRoutes {

    @Bean
    RenderedResources articleResources(ArticleRepresentations representations, ArticleService service) {
        int last = service.article().paragraphs().size();
        return RenderedResources.builder()
            .path(ArticleController.INDEX, representations.index())
            .path(ArticleController.ARTICLE, representations.article())
            .path(ArticleController.METADATA, representations.metadata())
            .template(ArticleController.PARAGRAPH, (variables) -> {
                int number = ParagraphQuery.paragraphNumberOrNone(variables.get("number"));
                return (number >= 1 && number <= last) ? representations.paragraph(number) : null;
            })
            .build();
    }

}
