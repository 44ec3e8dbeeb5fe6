package news.summit.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The metrics beyond Spring Boot's own: the public connector's, and the connections the kernel refused. */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

    private static final Path NETSTAT = Path.of("/proc/net/netstat");

    @Bean
    ConnectorMetrics connectorMetrics(MeterRegistry registry) {
        return new ConnectorMetrics(registry);
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
                FunctionCounter.builder("tcp.listen.drops", NETSTAT, ObservabilityConfiguration::listenDrops)
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

}
