package io.marketbus.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.busaccess.LocalCertificateAuthority;
import io.marketbus.contract.access.BusPermissions;
import io.marketbus.testkit.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bus made with TLS: its clients verify the server against the local CA, and nothing else gets in. */
class TlsBusIntegrationTests {

    @Test
    void aClientWithTheFolderSpeaksTlsToTheServerItTrusts_aPlainOrUntrustingClientDoesNot(@TempDir java.nio.file.Path other)
            throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start(true)) {
            assertThat(Files.exists(server.identities().folder().resolve(LocalCertificateAuthority.CA_CERTIFICATE))).isTrue();
            try (Connection c = NatsConnections.connect(server.url(), "tls-check", new NatsConnections.Reconnects(),
                    server.identities(), BusPermissions.PROVISIONING)) {
                assertThat(c.getServerInfo().isTLSRequired()).isTrue();
                c.flush(Duration.ofSeconds(2)); // a round trip over the verified TLS connection
                assertThat(c.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            }
            // Without TLS the server refuses; with TLS but another CA the client refuses the server.
            assertThatThrownBy(() -> Nats.connect(Options.builder().server(server.url()).maxReconnects(0)
                    .connectionTimeout(Duration.ofSeconds(2)).build())).isInstanceOf(Exception.class);
            LocalCertificateAuthority.ensure(other);
            assertThatThrownBy(() -> Nats.connect(Options.builder().server(server.url()).maxReconnects(0)
                    .sslContext(LocalCertificateAuthority.trusting(other.resolve(LocalCertificateAuthority.CA_CERTIFICATE)))
                    .authHandler(server.identities().authHandler(BusPermissions.PROVISIONING))
                    .connectionTimeout(Duration.ofSeconds(2)).build())).isInstanceOf(Exception.class);
        }
    }
}
