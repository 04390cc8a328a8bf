package io.marketbus.support.launch;

import io.marketbus.contract.ServiceName;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A service the launcher can start: each service module registers one subclass through
 * {@code META-INF/services/io.marketbus.support.launch.MarketbusService}, so the launcher finds the
 * services on its class path without knowing their classes.
 *
 * <p>A service is configured from {@code <bus name>.properties}, never {@code application.properties}:
 * the five services share one class path when the launcher runs them in one JVM.
 */
public abstract class MarketbusService {

    private final ServiceName name;
    private final Class<?> application;

    /** @param application the service's {@code @SpringBootApplication} class */
    protected MarketbusService(ServiceName name, Class<?> application) {
        this.name = name;
        this.application = application;
    }

    public final ServiceName name() {
        return name;
    }

    /** The service as an application of its own, ready to {@code run}. */
    public final SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(application).properties("spring.config.name=" + name.busName());
    }

    @Override
    public String toString() {
        return name.busName();
    }
}
