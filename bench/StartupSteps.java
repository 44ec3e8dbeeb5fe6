import java.lang.management.ManagementFactory;
import java.util.Locale;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * Starts a Spring Boot application with Spring's {@link BufferingApplicationStartup} and prints
 * every step of its start as a line of tab-separated fields (id, parent id, name, microseconds,
 * tags as key=value pairs), then every bean (name, type, the configuration class that defines
 * it), then the JVM's uptime at the end of the start, and exits. Run by
 * bench/startup_breakdown.py against the application's own classpath; it changes nothing in
 * the application.
 *
 * <pre>java -cp APP_CLASSPATH:. StartupSteps MAIN_CLASS [application arguments...]</pre>
 */
class StartupSteps {

    public static void main(String[] args) throws Exception {
        SpringApplication application = new SpringApplication(Class.forName(args[0]));
        BufferingApplicationStartup startup = new BufferingApplicationStartup(1_000_000);
        application.setApplicationStartup(startup);
        String[] arguments = java.util.Arrays.copyOfRange(args, 1, args.length);
        ConfigurableApplicationContext context = application.run(arguments);
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        StartupTimeline timeline = startup.getBufferedTimeline();
        StringBuilder out = new StringBuilder();
        for (StartupTimeline.TimelineEvent event : timeline.getEvents()) {
            StartupStep step = event.getStartupStep();
            out.append("step\t").append(step.getId()).append('\t').append(step.getParentId()).append('\t')
                .append(step.getName()).append('\t').append(event.getDuration().toNanos() / 1000);
            for (StartupStep.Tag tag : step.getTags()) {
                out.append('\t').append(tag.getKey()).append('=').append(tag.getValue().replace('\t', ' '));
            }
            out.append('\n');
        }
        // Each bean's type, and the configuration class whose @Bean method defines it, if any.
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        for (String name : beans.getBeanDefinitionNames()) {
            BeanDefinition definition = beans.getBeanDefinition(name);
            Class<?> type = beans.getType(name, false);
            String factory = definition.getFactoryBeanName();
            Class<?> factoryType = (factory != null) ? beans.getType(factory, false) : null;
            out.append("bean\t").append(name).append('\t').append((type != null) ? type.getName() : "?").append('\t')
                .append((factoryType != null) ? factoryType.getName() : "-").append('\n');
        }
        out.append(String.format(Locale.ROOT, "started\t%d%n", uptime));
        System.out.print(out);
        System.out.flush();
        context.close();
        System.exit(0);
    }

}
