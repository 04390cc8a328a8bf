package io.marketbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.contract.ServiceName;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LaunchSettingsUnitTests {

    @Test
    void argumentsAreSettingsByTheirPropertyNames() {
        LaunchSettings settings = LaunchSettings.of("ordersvc", "--marketbus.data-dir=/tmp/mb", "--marketbus.namespace=ns1",
                "--marketbus.nats.url=nats://n:1", "--marketbus.database.url=jdbc:postgresql://db/x",
                "--marketbus.ports.ordersvc=9083", "--marketbus.ordersvc.secret=s3cret");
        assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/mb"));
        assertThat(settings.namespace().prefix()).isEqualTo("ns1");
        assertThat(settings.natsUrl()).isEqualTo("nats://n:1");
        assertThat(settings.embeddedDatabases()).isFalse();
        assertThat(settings.port(ServiceName.ORDER)).isEqualTo(9083);
        assertThat(settings.localUrl(ServiceName.ORDER)).isEqualTo("http://127.0.0.1:9083");
        assertThat(settings.property("marketbus.ordersvc.secret")).isEqualTo("s3cret");
        assertThat(settings.arguments()).hasSize(6).doesNotContain("ordersvc");
    }

    @Test
    void withoutSettingsTheCatalogueAndTheEmbeddedDefaultsApply() {
        LaunchSettings settings = LaunchSettings.of("--marketbus.database.url=");
        assertThat(settings.embeddedDatabases()).isTrue();
        for (ServiceName service : ServiceName.values()) {
            assertThat(settings.port(service)).isEqualTo(service.defaultPort());
        }
        assertThat(settings.property("marketbus.no-such-setting")).isNull();
    }

    @Test
    void theStreamAgesThatBoundDeadLetterReplayAreReadLikeTheServicesRead_defaultingToTheirs() {
        LaunchSettings settings = LaunchSettings.of("dlq", "replay", "--marketbus.streams.max-age=30d",
                "--marketbus.streams.dead-letter-max-age=PT12H");
        assertThat(settings.streams().maxAge()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(settings.streams().deadLetterMaxAge()).isEqualTo(java.time.Duration.ofHours(12));
        assertThat(LaunchSettings.of().streams().maxAge()).isEqualTo(io.marketbus.eventbus.BusSettings.Streams.DEFAULTS.maxAge());
        assertThat(LaunchSettings.of().streams().deadLetterMaxAge())
                .isEqualTo(io.marketbus.eventbus.BusSettings.Streams.DEFAULTS.deadLetterMaxAge());
    }
}
