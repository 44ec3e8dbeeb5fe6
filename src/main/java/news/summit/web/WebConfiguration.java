package news.summit.web;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.AbstractProtocol;
import org.jspecify.annotations.Nullable;

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

    /** Chromium sends 13 to 16 fields, nginx adds 2: room to spare for cookies and tracing. */
    private static final int MAX_HEADER_COUNT = 32;

    private static final Path NETSTAT = Path.of("/proc/net/netstat");

    @Bean
    ResponseHeadersFilter responseHeadersFilter() {
        return new ResponseHeadersFilter();
    }

    @Bean
    RequestMetricsFilter requestMetricsFilter(MeterRegistry registry) {
        return new RequestMetricsFilter(registry);
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
            connector.setProperty("maxHeaderCount", String.valueOf(MAX_HEADER_COUNT));
        });
    }

    /** The protocol {@link ConnectorMetrics} reads its figures from: Tomcat's default, its endpoint in reach. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> meteredProtocol() {
        return (factory) -> factory.setProtocol(ConnectorMetrics.Protocol.class.getName());
    }

    @Bean
    ConnectorMetrics connectorMetrics(MeterRegistry registry) {
        return new ConnectorMetrics(registry);
    }

    /** Fixed headers go to Tomcat as bytes, encoded once ({@link EncodedHeaders}). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedHeaders() {
        return (factory) -> factory.addContextValves(new EncodedHeaders.Exposer());
    }

    /** The access log ({@link AccessLogValve}), for the public port only. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> accessLog() {
        return (factory) -> factory.addEngineValves(new AccessLogValve());
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
     * Connections refused: once Tomcat holds {@code max-connections}, new ones wait in the
     * kernel's accept queue ({@code accept-count}), and once that is full the kernel drops them.
     * Tomcat never sees those; the kernel counts them ({@code ListenDrops} in
     * {@code /proc/net/netstat}, for every listening socket of this network namespace, which in
     * a container is this service's own).
     */
    @Bean
    MeterBinder listenDrops() {
        return (registry) -> {
            if (Files.isReadable(NETSTAT)) {
                FunctionCounter.builder("tcp.listen.drops", NETSTAT, WebConfiguration::listenDrops)
                    .description("Connections the kernel dropped because a listen queue was full")
                    .register(registry);
            }
        };
    }

    private static double listenDrops(Path netstat) {
        try {
            List<String> lines = Files.readAllLines(netstat);
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                if (lines.get(i).startsWith("TcpExt:")) {
                    List<String> names = List.of(lines.get(i).split(" "));
                    return Double.parseDouble(lines.get(i + 1).split(" ")[names.indexOf("ListenDrops")]);
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // Not this kernel's format: no figure rather than a wrong one.
        }
        return Double.NaN;
    }

    /**
     * Part of readiness: out of service while the HTTP connector cannot take one more connection,
     * because it has stopped or holds {@code server.tomcat.max-connections} already. A load
     * balancer then sends new clients elsewhere instead of into a full accept queue.
     */
    @Bean
    HealthIndicator connector(ApplicationContext context) {
        return () -> {
            Connector connector = publicConnector(context);
            if (connector == null) {
                return Health.unknown().build();
            }
            AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
            long connections = protocol.getConnectionCount();
            int max = protocol.getMaxConnections();
            Health.Builder health = (connector.getState().isAvailable() && connections < max) ? Health.up()
                    : Health.outOfService();
            return health.withDetail("connections", connections).withDetail("maxConnections", max).build();
        };
    }

    /** The public port's Tomcat connector, once the context has its web server; else null. */
    static @Nullable Connector publicConnector(ApplicationContext context) {
        if (context instanceof WebServerApplicationContext web
                && web.getWebServer() instanceof TomcatWebServer server) {
            return server.getTomcat().getConnector();
        }
        return null;
    }

}
