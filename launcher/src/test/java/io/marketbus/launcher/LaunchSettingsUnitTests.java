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
}
