package news.summit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SummitApplication {

    public static void main(String[] args) {
        SpringApplication.run(SummitApplication.class, args);
    }

}
