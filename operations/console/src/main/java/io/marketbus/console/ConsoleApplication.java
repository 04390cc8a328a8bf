package io.marketbus.console;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The operations console: a web application of its own, beside the services (never one of them: it
 * has no database, owns no events and holds no service identity). Configured from
 * {@code console.properties}, never {@code application.properties}, because in a whole-system run it
 * shares the launcher's class path with the five services.
 */
@SpringBootApplication
@EnableConfigurationProperties({ConsoleProperties.class, ConsoleBus.class})
public class ConsoleApplication {

    /** The HTTP port of the console when none is configured ({@code marketbus.ports.console}). */
    public static final int DEFAULT_PORT = 8086;
    /** Its key in {@code marketbus.ports.*} (MARKETBUS_PORTS_CONSOLE), beside the services' bus names. */
    public static final String PORT_KEY = "console";

    /** The console as an application, ready to {@code run}. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ConsoleApplication.class).main(ConsoleApplication.class)
                .properties("spring.config.name=console");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
