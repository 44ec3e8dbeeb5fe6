package news.summit;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** A setting as the application's own {@code application.properties} gives it, for tests that derive from it. */
public final class ApplicationSetting {

    private ApplicationSetting() {
    }

    public static String of(String name) {
        try {
            String value = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"))
                .getProperty(name);
            assertThat(value).as(name + " in application.properties").isNotNull();
            return value;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
