package io.marketbus.accounts;

import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TestNats;
import io.marketbus.policies.PoliciesService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real authz service (authzsvc) beside the authnsvc under test, in the same JVM: its own
 * PostgreSQL schema, the test's NATS namespace, and authnsvc's real JWKS (authn's tokens are the
 * real ones). Its port is chosen up front, so that authnsvc can be started with
 * {@code marketbus.authz.url} first; authzsvc follows once authnsvc's port (for the JWKS) is known.
 */
public final class AuthzServer {

    private final TestNats nats;
    private final TestDatabase database;
    private final int port;
    private ConfigurableApplicationContext context;

    AuthzServer(TestNats nats) throws Exception {
        this.nats = nats;
        this.database = TestDatabase.create("authzsvc");
        this.port = freePort();
    }

    /** Where authnsvc finds it ({@code marketbus.authz.url}). */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts it (once) against the authnsvc on {@code authnPort}. */
    public synchronized void start(int authnPort) {
        if (context != null) {
            return;
        }
        // Arguments, not builder properties: those are defaults, which authzsvc.properties overrides.
        java.util.List<String> args = new java.util.ArrayList<>(nats.arguments());
        args.addAll(java.util.List.of(
                "--server.port=" + port,
                "--spring.main.banner-mode=off",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--marketbus.security.jwks-uri=http://127.0.0.1:" + authnPort + "/.well-known/jwks.json",
                "--marketbus.relay.poll-interval=50ms",
                "--logging.level.io.marketbus=INFO"));
        context = new PoliciesService().application().run(args.toArray(String[]::new));
    }

    /** Stops it (an outage); {@link #start} brings it back on the same port, with its data. */
    public synchronized void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    void close() throws Exception {
        stop();
        database.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
