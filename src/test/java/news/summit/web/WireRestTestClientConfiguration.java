package news.summit.web;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Spring's {@link RestTestClient} on the running server ({@code RANDOM_PORT}), built as
 * {@code @AutoConfigureRestTestClient} builds it but with the client {@link WireRestTestClient}
 * describes: a request carries the headers it is given, a response arrives as the server sent it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class WireRestTestClientConfiguration {

    @Bean
    RestTestClient restTestClient(ApplicationContext context) {
        return WireRestTestClient.builder(WireRestTestClient.TIMEOUT)
            .uriBuilderFactory(LocalTestWebServer.obtain(context).uriBuilderFactory())
            .build();
    }

}
