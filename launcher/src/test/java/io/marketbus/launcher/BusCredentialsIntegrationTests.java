package io.marketbus.launcher;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.busaccess.BusIdentities;
import io.marketbus.testkit.NatsServerProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run against a secured bus with missing or wrong credentials stops before any service starts,
 * with one plain sentence saying what is wrong (the script prints it as the command's only line).
 */
class BusCredentialsIntegrationTests {

    @Test
    void missingCredentialsSayWhichFileIsMissing(@TempDir Path empty) throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start()) {
            assertThatThrownBy(() -> new SystemRun(ServiceCatalog.installed()).start(settings(server, empty), List.of("ordersvc")))
                    .isInstanceOf(SystemRun.StartFailed.class)
                    .hasMessage("No NATS credentials for 'ordersvc': " + empty.resolve("ordersvc.nk") + " is missing");
        }
    }

    @Test
    void anotherBussKeysAreRefusedInOneSentence(@TempDir Path other) throws Exception {
        BusIdentities.in(other).create(List.of("ordersvc"));
        try (NatsServerProcess server = NatsServerProcess.start()) {
            assertThatThrownBy(() -> new SystemRun(ServiceCatalog.installed()).start(settings(server, other), List.of("ordersvc")))
                    .isInstanceOf(SystemRun.StartFailed.class)
                    .hasMessageStartingWith("NATS at " + server.url() + " refused the identity 'ordersvc' of " + other)
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void anAnonymousRunAgainstASecuredBusIsToldToBringCredentials() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start()) {
            assertThatThrownBy(() -> new SystemRun(ServiceCatalog.installed())
                    .start(LaunchSettings.of("--marketbus.nats.url=" + server.url(), "--marketbus.nats.credentials="), List.of("ordersvc")))
                    .isInstanceOf(SystemRun.StartFailed.class)
                    .hasMessageContaining("requires credentials");
        }
    }

    private static LaunchSettings settings(NatsServerProcess server, Path credentials) {
        return LaunchSettings.of("--marketbus.nats.url=" + server.url(), "--marketbus.nats.credentials=" + credentials);
    }
}
