package news.summit.web;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.RequestGroupInfo;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The public port's connection, thread and request metrics, under the names Micrometer's
 * {@code TomcatMetrics} gives them, read from the connector itself. Micrometer reads them through
 * JMX, and Tomcat's MBean registry parses its XML descriptors at every start, half a second of
 * this service's (README, "Performance"); so the registry stays off, Spring Boot's default
 * ({@code server.tomcat.mbeanregistry.enabled}), and Spring Boot's Tomcat metrics are left out.
 */
final class ConnectorMetrics implements ApplicationListener<ApplicationStartedEvent> {

    private final MeterRegistry registry;

    ConnectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        Connector connector = WebConfiguration.publicConnector(event.getApplicationContext());
        if (connector != null && connector.getProtocolHandler() instanceof Protocol protocol) {
            bind(protocol);
        }
    }

    private void bind(Protocol protocol) {
        Tags tags = Tags.of("name", protocol.getName().replace("\"", ""));
        AbstractEndpoint<?, ?> endpoint = protocol.endpoint();
        gauge("tomcat.threads.config.max", BaseUnits.THREADS, tags, endpoint, AbstractEndpoint::getMaxThreads);
        gauge("tomcat.threads.busy", BaseUnits.THREADS, tags, endpoint, AbstractEndpoint::getCurrentThreadsBusy);
        gauge("tomcat.threads.current", BaseUnits.THREADS, tags, endpoint, AbstractEndpoint::getCurrentThreadCount);
        gauge("tomcat.connections.config.max", BaseUnits.CONNECTIONS, tags, endpoint,
                AbstractEndpoint::getMaxConnections);
        gauge("tomcat.connections.current", BaseUnits.CONNECTIONS, tags, endpoint,
                AbstractEndpoint::getConnectionCount);
        gauge("tomcat.connections.keepalive.current", BaseUnits.CONNECTIONS, tags, endpoint,
                AbstractEndpoint::getKeepAliveCount);

        RequestGroupInfo global = (RequestGroupInfo) protocol.getHandler().getGlobal();
        FunctionCounter.builder("tomcat.global.sent", global, RequestGroupInfo::getBytesSent)
            .tags(tags)
            .baseUnit(BaseUnits.BYTES)
            .register(this.registry);
        FunctionCounter.builder("tomcat.global.received", global, RequestGroupInfo::getBytesReceived)
            .tags(tags)
            .baseUnit(BaseUnits.BYTES)
            .register(this.registry);
        FunctionCounter.builder("tomcat.global.error", global, RequestGroupInfo::getErrorCount)
            .tags(tags)
            .register(this.registry);
        FunctionTimer
            .builder("tomcat.global.request", global, RequestGroupInfo::getRequestCount,
                    RequestGroupInfo::getProcessingTime, TimeUnit.MILLISECONDS)
            .tags(tags)
            .register(this.registry);
        TimeGauge.builder("tomcat.global.request.max", global, TimeUnit.MILLISECONDS, RequestGroupInfo::getMaxTime)
            .tags(tags)
            .register(this.registry);
    }

    private void gauge(String name, String unit, Tags tags, AbstractEndpoint<?, ?> endpoint,
            ToDoubleFunction<AbstractEndpoint<?, ?>> value) {
        Gauge.builder(name, endpoint, value).tags(tags).baseUnit(unit).register(this.registry);
    }

    /**
     * Tomcat's HTTP/1.1 NIO protocol, the default, with its endpoint in reach: the endpoint counts
     * the connections and the busy threads, and the protocol keeps it to itself.
     */
    public static class Protocol extends Http11NioProtocol {

        AbstractEndpoint<?, ?> endpoint() {
            return getEndpoint();
        }

    }

}
