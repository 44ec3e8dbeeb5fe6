package news.summit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The service. On SIGTERM, Spring Boot's graceful shutdown drains the requests in flight, and
 * the JVM then exits with 143 (128 + SIGTERM), the convention for a process stopped by that
 * signal (systemd: {@code SuccessExitStatus=143}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SummitApplication {

    public static void main(String[] args) {
        SpringApplication.run(SummitApplication.class, args);
    }

}
