package news.summit.web;


import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.AbstractProtocol;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Cross-cutting web setup, once for the whole application. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /**
     * Tomcat's buffers for each connection, sized from what a connection costs (README, "Running
     * it in production"). Every open connection holds a read and a write buffer, 8 KB each by
     * default; a connection with a request head half sent holds a processor too, whose input
     * buffer is the header limit (8 KB) plus the read buffer. A request head is rarely over a few
     * hundred bytes and a response here rarely over 4 KB, so smaller buffers cost no extra reads
     * or writes for the API and let the heap hold about twice the connections.
     */
    private static final int SOCKET_READ_BUFFER = 1024;

    private static final int SOCKET_WRITE_BUFFER = 4096;

    @Bean
    ResponseHeadersFilter responseHeadersFilter() {
        return new ResponseHeadersFilter();
    }

    @Bean
    RenderedResourcesFilter renderedResourcesFilter(
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> handlerMapping) {
        return new RenderedResourcesFilter(handlerMapping::getObject);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectionBuffers() {
        return (factory) -> factory.addConnectorCustomizers((connector) -> {
            connector.setProperty("socket.appReadBufSize", String.valueOf(SOCKET_READ_BUFFER));
            connector.setProperty("socket.appWriteBufSize", String.valueOf(SOCKET_WRITE_BUFFER));
        });
    }

    /** Tomcat reports the requests it refuses itself as problem+json ({@link ProblemErrorReportValve}). */
    @Bean
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

    /**
     * Part of readiness: out of service while the HTTP connector cannot take one more connection,
     * because it has stopped or holds {@code server.tomcat.max-connections} already. A load
     * balancer then sends new clients elsewhere instead of into a full accept queue.
     */
    @Bean
    HealthIndicator connector(ApplicationContext context) {
        return () -> {
            if (!(context instanceof WebServerApplicationContext web
                    && web.getWebServer() instanceof TomcatWebServer server)) {
                return Health.unknown().build();
            }
            Connector connector = server.getTomcat().getConnector();
            AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
            long connections = protocol.getConnectionCount();
            int max = protocol.getMaxConnections();
            Health.Builder health = (connector.getState().isAvailable() && connections < max) ? Health.up()
                    : Health.outOfService();
            return health.withDetail("connections", connections).withDetail("maxConnections", max).build();
        };
    }

}
