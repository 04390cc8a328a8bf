package io.marketbus.support.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.contract.ServiceName;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.NatsConnections;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The {@code marketbus.*} binding: its defaults are the bus's own, and the property names are unchanged. */
class BusPropertiesUnitTests {

    static BusProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("marketbus", BusProperties.class);
    }

    @Test
    void unsetPropertiesTakeTheDefaultsOfBusSettings() {
        BusProperties properties = bind(Map.of("marketbus.service", "ordersvc"));
        BusSettings settings = properties.toSettings();
        BusSettings defaults = BusSettings.defaults(ServiceName.ORDER, settings.namespace());

        assertThat(settings.service()).isEqualTo(ServiceName.ORDER);
        assertThat(settings.namespace().prefix()).isEmpty();
        assertThat(properties.nats().url()).isEqualTo(NatsConnections.DEFAULT_URL);
        assertThat(properties.wholeContract()).isTrue();
        assertThat(settings.streams()).usingRecursiveComparison().isEqualTo(defaults.streams());
        assertThat(settings.consumers()).usingRecursiveComparison().isEqualTo(defaults.consumers());
        assertThat(settings.relay()).usingRecursiveComparison().isEqualTo(defaults.relay());
        // The figures the operations guide lists.
        assertThat(settings.streams().maxAge()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.streams().duplicateWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.streams().deadLetterMaxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.consumers().backoff()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(500),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(15));
        assertThat(settings.consumers().ackWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.relay().pollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.relay().retention()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void everyPropertyReachesItsSetting() {
        BusSettings settings = bind(Map.ofEntries(
                Map.entry("marketbus.service", "inventorysvc"),
                Map.entry("marketbus.namespace", "ns1"),
                Map.entry("marketbus.streams.file-storage", "false"),
                Map.entry("marketbus.streams.replicas", "3"),
                Map.entry("marketbus.streams.max-age", "1h"),
                Map.entry("marketbus.streams.duplicate-window", "30s"),
                Map.entry("marketbus.streams.dead-letter-max-age", "2d"),
                Map.entry("marketbus.consumers.max-deliveries", "4"),
                Map.entry("marketbus.consumers.backoff", "50ms,1s"),
                Map.entry("marketbus.consumers.ack-wait", "10s"),
                Map.entry("marketbus.consumers.max-ack-pending", "20"),
                Map.entry("marketbus.consumers.workers", "3"),
                Map.entry("marketbus.consumers.batch-size", "8"),
                Map.entry("marketbus.relay.poll-interval", "50ms"),
                Map.entry("marketbus.relay.batch-size", "16"),
                Map.entry("marketbus.relay.ack-timeout", "2s"),
                Map.entry("marketbus.relay.retention", "5m"))).toSettings();

        assertThat(settings.service()).isEqualTo(ServiceName.INVENTORY);
        assertThat(settings.namespace().prefix()).isEqualTo("ns1");
        BusSettings.Streams streams = settings.streams();
        assertThat(streams.fileStorage()).isFalse();
        assertThat(streams.replicas()).isEqualTo(3);
        assertThat(streams.maxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(streams.duplicateWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(streams.deadLetterMaxAge()).isEqualTo(Duration.ofDays(2));
        BusSettings.Consumers consumers = settings.consumers();
        assertThat(consumers.maxDeliveries()).isEqualTo(4);
        assertThat(consumers.backoff()).containsExactly(Duration.ofMillis(50), Duration.ofSeconds(1));
        assertThat(consumers.ackWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(consumers.maxAckPending()).isEqualTo(20);
        assertThat(consumers.workers()).isEqualTo(3);
        assertThat(consumers.batchSize()).isEqualTo(8);
        BusSettings.Relay relay = settings.relay();
        assertThat(relay.pollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(relay.batchSize()).isEqualTo(16);
        assertThat(relay.ackTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(relay.retention()).isEqualTo(Duration.ofMinutes(5));
    }
}
