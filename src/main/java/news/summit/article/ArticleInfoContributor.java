package news.summit.article;

import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** {@code /actuator/info} names the article served, so operators can tell replicas apart. */
@Component
class ArticleInfoContributor implements InfoContributor {

    private final ArticleMetadata metadata;

    ArticleInfoContributor(ArticleService service) {
        this.metadata = service.article().metadata();
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("article", Map.of("sha256", this.metadata.sha256(), "source", this.metadata.source()));
    }

}
