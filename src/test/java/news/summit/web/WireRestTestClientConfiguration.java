package news.summit.web;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Spring's {@link RestTestClient} on the running server ({@code RANDOM_PORT}), built as
 * {@code @AutoConfigureRestTestClient} builds it but with the JDK client's transparent
 * compression off. That compression (on by default since Spring Framework 7) asks for gzip on
 * every request, inflates the body and drops {@code Content-Encoding}: it would hide the very
 * bytes and headers these tests are about. Here a request carries only the headers it is given,
 * and a response arrives as the server sent it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class WireRestTestClientConfiguration {

    @Bean
    RestTestClient restTestClient(ApplicationContext context) {
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory();
        requestFactory.enableCompression(false);
        return RestTestClient.bindToServer(requestFactory)
            .uriBuilderFactory(LocalTestWebServer.obtain(context).uriBuilderFactory())
            .build();
    }

}
