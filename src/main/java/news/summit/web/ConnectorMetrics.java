package news.summit.web;

import java.util.concurrent.Executor;
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
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.RequestGroupInfo;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The public port's connection, thread and request metrics, under the names Micrometer's
 * {@code TomcatMetrics} gives them, read from the connector's public getters. Micrometer reads
 * them through JMX, and Tomcat's MBean registry parses its XML descriptors at every start; so the
 * registry stays off (Spring Boot's default, {@code server.tomcat.mbeanregistry.enabled}) and
 * Spring Boot's Tomcat metrics are left out.
 */
final class ConnectorMetrics implements ApplicationListener<ApplicationStartedEvent> {

    private final MeterRegistry registry;

    ConnectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        Connector connector = TomcatConfiguration.publicConnector(event.getApplicationContext());
        if (connector != null && connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
            bind(protocol);
        }
    }

    private void bind(AbstractProtocol<?> protocol) {
        Tags tags = Tags.of("name", protocol.getName().replace("\"", ""));
        gauge("tomcat.threads.config.max", BaseUnits.THREADS, tags, protocol, AbstractProtocol::getMaxThreads);
        gauge("tomcat.threads.busy", BaseUnits.THREADS, tags, protocol,
                (p) -> executor(p.getExecutor(), ThreadPoolExecutor::getActiveCount));
        gauge("tomcat.threads.current", BaseUnits.THREADS, tags, protocol,
                (p) -> executor(p.getExecutor(), ThreadPoolExecutor::getPoolSize));
        gauge("tomcat.connections.config.max", BaseUnits.CONNECTIONS, tags, protocol,
                AbstractProtocol::getMaxConnections);
        gauge("tomcat.connections.current", BaseUnits.CONNECTIONS, tags, protocol,
                AbstractProtocol::getConnectionCount);

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

    private void gauge(String name, String unit, Tags tags, AbstractProtocol<?> protocol,
            ToDoubleFunction<AbstractProtocol<?>> value) {
        Gauge.builder(name, protocol, value).tags(tags).baseUnit(unit).register(this.registry);
    }

    /** A figure of Tomcat's own thread pool, the connector's executor; not a number for another. */
    private static double executor(Executor executor, ToDoubleFunction<ThreadPoolExecutor> figure) {
        return (executor instanceof ThreadPoolExecutor pool) ? figure.applyAsDouble(pool) : Double.NaN;
    }

}
