package io.marketbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.contract.ServiceName;
import io.marketbus.testkit.TestNats;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A command run against a system that is not up says so in one line, with how to start it, instead
 * of a stack trace (Marketbus.main prints {@link SystemUnavailable}'s message as the only line).
 */
class PlainCommandErrorsIntegrationTests {

    @Test
    void theDemoWithoutARunningSystemSaysHowToStartOne() throws Exception {
        try (TestNats nats = TestNats.start()) { // a bus, but no service on it
            List<String> args = new ArrayList<>(nats.arguments());
            int silent = silentPort();
            args.add("--marketbus.ports.authnsvc=" + silent);

            assertThatThrownBy(() -> new Demo(LaunchSettings.of(args.toArray(String[]::new))).run())
                    .isInstanceOf(SystemUnavailable.class)
                    .hasMessage("authnsvc does not answer at http://127.0.0.1:" + silent + ": " + SystemUnavailable.HOW_TO_START)
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void deadLettersOfABusNoSystemRanOnAreOneLine() throws Exception {
        try (TestNats nats = TestNats.start()) { // its namespace has no streams
            LaunchSettings settings = LaunchSettings.of(nats.arguments().toArray(String[]::new));

            assertThatThrownBy(() -> Marketbus.requireProvisioned(nats.connection(), settings))
                    .isInstanceOf(SystemUnavailable.class)
                    .hasMessageContaining("no system has run on it yet")
                    .hasMessageEndingWith(SystemUnavailable.HOW_TO_START);
        }
    }

    @Test
    void aTakenPortNamesTheSettingThatMovesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0); TestNats nats = TestNats.start()) {
            List<String> args = new ArrayList<>(nats.arguments());
            args.addAll(List.of("--marketbus.database.url=", "--marketbus.data-dir=" + java.nio.file.Files.createTempDirectory("plain"),
                    "--marketbus.ports.ordersvc=" + taken.getLocalPort()));

            assertThatThrownBy(() -> new SystemRun(ServiceCatalog.installed()).start(LaunchSettings.of(args.toArray(String[]::new)),
                    List.of(ServiceName.ORDER.busName())))
                    .isInstanceOf(SystemRun.StartFailed.class)
                    .hasMessage("ordersvc did not start: port " + taken.getLocalPort()
                            + " is in use; set MARKETBUS_PORTS_ORDERSVC to a free port (or stop what listens there)");
        }
    }

    private static int silentPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
