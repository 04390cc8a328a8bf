package io.marketbus.support.launch;

import io.marketbus.contract.ServiceName;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A service the launcher can start: each service module registers one through
 * {@code META-INF/services/io.marketbus.support.launch.MarketbusService}, so the launcher finds the
 * services on its class path without knowing their classes.
 */
public interface MarketbusService {

    ServiceName name();

    /** Its HTTP port when none is given. */
    int defaultPort();

    /** The service's application, configured from its own {@code <service>.properties}. */
    SpringApplicationBuilder application();
}
