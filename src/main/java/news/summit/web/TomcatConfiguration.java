package news.summit.web;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * What this service asks of Tomcat beyond its {@code server.tomcat.*} settings: the one place
 * that knows the container, so that another can be measured in its stead.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

    /**
     * Each connection's socket buffers: 1 KB to read (a request head here is a few hundred bytes)
     * and 4 KB to write (the largest answer but Swagger UI's and the OpenAPI document), instead of
     * 8 KB each, so that the heap holds more connections (docs/operations.md, "Capacity").
     */
    private static final int SOCKET_READ_BUFFER = 1024;

    private static final int SOCKET_WRITE_BUFFER = 4096;

    /** Chromium sends 13 to 16 fields, nginx adds 2: room to spare for cookies and tracing. */
    private static final int MAX_HEADER_COUNT = 32;

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectionLimits() {
        return (factory) -> {
            factory.addConnectorCustomizers((connector) -> {
                connector.setProperty("socket.appReadBufSize", String.valueOf(SOCKET_READ_BUFFER));
                connector.setProperty("socket.appWriteBufSize", String.valueOf(SOCKET_WRITE_BUFFER));
            });
            factory.addProtocolHandlerCustomizers((protocol) -> {
                if (protocol instanceof AbstractHttp11Protocol<?> http) {
                    http.setMaxHeaderCount(MAX_HEADER_COUNT);
                }
            });
        };
    }

    /** The access log ({@link LoggingAccessLogValve}), for the public port only. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> accessLog() {
        return (factory) -> factory.addEngineValves(new LoggingAccessLogValve());
    }

    /** Fixed headers go to Tomcat as bytes, encoded once ({@link EncodedHeaders}). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedHeaders() {
        return (factory) -> factory.addContextValves(new EncodedHeaders.Exposer());
    }

    /**
     * Tomcat reports the requests it refuses itself as problem+json ({@link ProblemErrorReportValve}).
     * Last, after Boot's TomcatWebServerFactoryCustomizer, whose context customizer adds its own
     * ErrorReportValve to the host: ours runs after it and takes that valve's place.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return (factory) -> factory.addContextCustomizers((context) -> {
            StandardHost host = (StandardHost) context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        });
    }

    /** The public port's connector, once the context has its web server; else {@code null}. */
    static @Nullable Connector publicConnector(ApplicationContext context) {
        if (context instanceof WebServerApplicationContext web
                && web.getWebServer() instanceof TomcatWebServer server) {
            return server.getTomcat().getConnector();
        }
        return null;
    }

}
