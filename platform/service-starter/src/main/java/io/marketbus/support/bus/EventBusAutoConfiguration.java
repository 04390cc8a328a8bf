package io.marketbus.support.bus;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.access.BusPermissions;
import io.marketbus.busaccess.BusIdentities;
import io.marketbus.eventbus.EventBus;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.eventbus.Outbox;
import io.marketbus.eventbus.RetentionHorizons;
import io.marketbus.eventbus.NatsConnections;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import java.nio.file.Path;
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
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
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
        BusProperties.Nats nats = properties.nats();
        return nats.secured()
                ? NatsConnections.connect(nats.url(), properties.connectionName(), reconnects,
                        BusIdentities.in(Path.of(nats.credentials())), properties.service())
                : NatsConnections.connect(nats.url(), properties.connectionName(), reconnects);
    }

    @Bean(destroyMethod = "close")
    EventBus eventBus(BusProperties properties, Connection connection, DataSource dataSource,
                      PlatformTransactionManager transactionManager, EventCodec codec,
                      ObjectProvider<MeterRegistry> meters, ObjectProvider<ObservationRegistry> observations,
                      NatsConnections.Reconnects reconnects,
                      ObjectProvider<FlywayMigrationInitializer> serviceMigrations) {
        // The service's own migrations first: its Flyway expects to find an empty schema the first time.
        serviceMigrations.ifAvailable(initializer -> {});
        EventBus bus = EventBus.builder(properties.toSettings(), connection, dataSource)
                .transactionManager(transactionManager)
                .meterRegistry(meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new))
                .observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
                .codec(codec)
                .wholeContract(properties.wholeContract())
                .provisioning(provisioning(properties, connection))
                .build();
        reconnects.add(bus::resetBroadcasts);
        return bus;
    }

    /**
     * On an open bus the service provisions with its own connection. On a secured bus only the
     * provisioning identity may: when the credentials folder holds it (a whole-system run, the test
     * suite), a connection of that identity, closed with the context; otherwise none, and the streams
     * must have been provisioned ({@code ./marketbus provision}).
     */
    private Connection provisioning(BusProperties properties, Connection serviceConnection) {
        BusProperties.Nats nats = properties.nats();
        if (!nats.secured()) {
            return serviceConnection;
        }
        BusIdentities identities = BusIdentities.in(Path.of(nats.credentials()));
        if (!identities.has(BusPermissions.PROVISIONING)) {
            return null;
        }
        try {
            provisioningConnection = NatsConnections.connect(nats.url(), properties.connectionName() + "-provisioning",
                    new NatsConnections.Reconnects(), identities, BusPermissions.PROVISIONING);
            return provisioningConnection;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private volatile Connection provisioningConnection;

    @Bean
    Outbox outbox(EventBus bus) {
        return bus.outbox();
    }

    /** How long what recognises a repeated event (inboxes, tombstones) must remember it. */
    @Bean
    RetentionHorizons retentionHorizons(EventBus bus) {
        return bus.horizons();
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
                    closeProvisioningConnection();
                    throw new IllegalStateException("The event bus did not start: " + e.getMessage(), e);
                }
                // Kept open (when there is one) for the bus's pending-age watch, which reads stream messages.
                running = true;
            }

            @Override
            public void stop() {
                bus.close();
                closeProvisioningConnection();
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

    private void closeProvisioningConnection() {
        Connection c = provisioningConnection;
        provisioningConnection = null;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Bean
    HealthIndicator natsHealthIndicator(Connection connection) {
        return () -> connection.getStatus() == Connection.Status.CONNECTED
                ? Health.up().withDetail("server", String.valueOf(connection.getConnectedUrl())).build()
                : Health.down().withDetail("status", connection.getStatus().toString()).build();
    }
}
