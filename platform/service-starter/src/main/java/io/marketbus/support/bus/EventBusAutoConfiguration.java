package io.marketbus.support.bus;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.eventbus.DeadLetters;
import io.marketbus.eventbus.EventBus;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.eventbus.Outbox;
import io.marketbus.eventbus.NatsConnections;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Gives a service ({@code marketbus.service=ordersvc}) its event bus: NATS connection, outbox, relay,
 * the handlers of every {@link EventSubscriptions} bean, started once the application context is
 * ready and stopped before the data source closes.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnProperty("marketbus.service")
@EnableConfigurationProperties(BusProperties.class)
public class EventBusAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec() {
        return new EventCodec(EventCatalogue.load());
    }

    @Bean
    NatsConnections.Reconnects natsReconnects() {
        return new NatsConnections.Reconnects();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Connection natsConnection(BusProperties properties, NatsConnections.Reconnects reconnects) throws Exception {
        return NatsConnections.connect(properties.nats().url(), properties.connectionName(), reconnects);
    }

    @Bean(destroyMethod = "close")
    EventBus eventBus(BusProperties properties, Connection connection, DataSource dataSource,
                      PlatformTransactionManager transactionManager, EventCodec codec,
                      ObjectProvider<MeterRegistry> meters, NatsConnections.Reconnects reconnects,
                      ObjectProvider<FlywayMigrationInitializer> serviceMigrations) {
        // The service's own migrations first: its Flyway expects to find an empty schema the first time.
        serviceMigrations.ifAvailable(initializer -> {});
        EventBus bus = EventBus.builder(properties.toSettings(), connection, dataSource)
                .transactionManager(transactionManager)
                .meterRegistry(meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new))
                .codec(codec)
                .wholeContract(properties.wholeContract())
                .build();
        reconnects.add(bus::resetBroadcasts);
        return bus;
    }

    @Bean
    Outbox outbox(EventBus bus) {
        return bus.outbox();
    }

    @Bean
    DeadLetters deadLetters(EventBus bus) {
        return bus.deadLetters();
    }

    @Bean
    SmartLifecycle eventBusLifecycle(EventBus bus, ObjectProvider<EventSubscriptions> subscriptions) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                subscriptions.orderedStream().forEach(s -> s.subscribe(bus));
                try {
                    bus.start();
                } catch (Exception e) {
                    throw new IllegalStateException("The event bus did not start: " + e.getMessage(), e);
                }
                running = true;
            }

            @Override
            public void stop() {
                bus.close();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                // After the web server is up (so handlers can call it), before it stops.
                return SmartLifecycle.DEFAULT_PHASE - 100;
            }
        };
    }

    @Bean
    HealthIndicator natsHealthIndicator(Connection connection) {
        return () -> connection.getStatus() == Connection.Status.CONNECTED
                ? Health.up().withDetail("server", String.valueOf(connection.getConnectedUrl())).build()
                : Health.down().withDetail("status", connection.getStatus().toString()).build();
    }
}
