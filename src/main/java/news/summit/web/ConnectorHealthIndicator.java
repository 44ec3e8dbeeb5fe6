package news.summit.web;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Part of readiness ({@code connector}): out of service while the public connector cannot take
 * one more connection, because it has stopped or holds {@code server.tomcat.max-connections}
 * already, so that a load balancer sends new clients elsewhere instead of into the accept queue.
 */
@Component
class ConnectorHealthIndicator implements HealthIndicator {

    private final ApplicationContext context;

    ConnectorHealthIndicator(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public Health health() {
        Connector connector = TomcatConfiguration.publicConnector(this.context);
        if (connector == null) {
            return Health.unknown().build();
        }
        AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
        long connections = protocol.getConnectionCount();
        int max = protocol.getMaxConnections();
        Health.Builder health = (connector.getState().isAvailable() && connections < max) ? Health.up()
                : Health.outOfService();
        return health.withDetail("connections", connections).withDetail("maxConnections", max).build();
    }

}
