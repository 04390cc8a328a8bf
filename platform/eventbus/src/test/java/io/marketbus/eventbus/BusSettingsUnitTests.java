package io.marketbus.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.contract.Namespace;
import io.marketbus.contract.ServiceName;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BusSettingsUnitTests {

    @Test
    void aBuilderChangesOnlyWhatItIsTold() {
        BusSettings.Relay relay = BusSettings.Relay.builder().pollInterval(Duration.ofMillis(50)).build();
        BusSettings settings = BusSettings.builder(ServiceName.ORDER, new Namespace("")).relay(relay).build();

        assertThat(settings.relay().pollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.relay().batchSize()).isEqualTo(BusSettings.Relay.DEFAULT_BATCH_SIZE);
        assertThat(settings.relay().ackTimeout()).isEqualTo(BusSettings.Relay.DEFAULTS.ackTimeout());
        assertThat(settings.streams()).isSameAs(BusSettings.Streams.DEFAULTS);
        assertThat(settings.consumers()).isSameAs(BusSettings.Consumers.DEFAULTS);
    }

    @Test
    void theLastBackoffRepeats() {
        BusSettings.Consumers consumers = BusSettings.Consumers.builder()
                .backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build();

        assertThat(consumers.backoffAfter(1)).isEqualTo(Duration.ofMillis(10));
        assertThat(consumers.backoffAfter(2)).isEqualTo(Duration.ofMillis(20));
        assertThat(consumers.backoffAfter(9)).isEqualTo(Duration.ofMillis(20));
        assertThat(BusSettings.Consumers.DEFAULTS.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void consumersNeedADeliveryAndADelay() {
        assertThatThrownBy(() -> BusSettings.Consumers.builder().maxDeliveries(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BusSettings.Consumers.builder().backoff().build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
