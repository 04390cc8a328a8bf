package io.marketbus.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The console's connection to the bus and what it keeps from it. */
@Configuration
class ConsoleWiring {

    @Bean(destroyMethod = "close")
    BusWatch busWatch(ConsoleBus bus, ConsoleProperties properties) throws Exception {
        return new BusWatch(bus, properties.recentEvents());
    }

    @Bean(destroyMethod = "close")
    OrderIndex orderIndex(BusWatch bus, ConsoleProperties properties) throws Exception {
        return new OrderIndex(bus, properties.indexedOrders(), properties.indexWindow());
    }
}
