package news.summit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

import sun.misc.Signal;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SummitApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(SummitApplication.class, args);
        // SIGTERM is how an orchestrator asks the service to stop: drain the requests in flight
        // (server.shutdown=graceful), then exit 0 for a clean stop, not the JVM's 143.
        Signal.handle(new Signal("TERM"), (signal) -> System.exit(SpringApplication.exit(context)));
    }

}
