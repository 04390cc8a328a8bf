package io.marketbus.eventbus;

import io.marketbus.busaccess.BusIdentities;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.support.Status;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connections that never give up reconnecting: the outbox waits while NATS is away. */
public final class NatsConnections {

    /** Where a service looks for the JetStream server unless told otherwise. */
    public static final String DEFAULT_URL = "nats://127.0.0.1:4222";

    private static final Logger log = LoggerFactory.getLogger(NatsConnections.class);

    private NatsConnections() {}

    /** Listeners told when a connection came back, e.g. to reset per-instance consumers. */
    public static final class Reconnects implements ConnectionListener {
        private final List<Runnable> onReconnect = new CopyOnWriteArrayList<>();

        public void add(Runnable listener) {
            onReconnect.add(listener);
        }

        @Override
        public void connectionEvent(Connection connection, Events event) {
            switch (event) {
                case DISCONNECTED -> log.warn("NATS connection lost; reconnecting");
                case RECONNECTED -> {
                    log.info("NATS connection re-established");
                    onReconnect.forEach(Runnable::run);
                }
                default -> log.debug("NATS connection event {}", event);
            }
        }
    }

    /**
     * What the client library reports, logged by weight: server errors (a permission violation, say)
     * and exceptions as warnings; a pull that expired without messages (status 408, which
     * nats-server 2.10 sends for every idle fetch) only at debug, or it would flood the log.
     */
    static final class Problems implements ErrorListener {
        @Override
        public void errorOccurred(Connection connection, String error) {
            log.warn("NATS server error on {}: {}", connection.getOptions().getConnectionName(), error);
        }

        @Override
        public void exceptionOccurred(Connection connection, Exception exception) {
            log.warn("NATS client exception on {}: {}", connection.getOptions().getConnectionName(), exception.toString());
        }

        @Override
        public void slowConsumerDetected(Connection connection, Consumer consumer) {
            log.warn("NATS slow consumer on {}", connection.getOptions().getConnectionName());
        }

        @Override
        public void heartbeatAlarm(Connection connection, JetStreamSubscription subscription, long lastStreamSequence,
                                   long lastConsumerSequence) {
            log.warn("NATS heartbeat missed on {} (stream sequence {})", connection.getOptions().getConnectionName(),
                    lastStreamSequence);
        }

        @Override
        public void pullStatusWarning(Connection connection, JetStreamSubscription subscription, Status status) {
            log.debug("NATS pull status on {}: {}", connection.getOptions().getConnectionName(), status);
        }

        @Override
        public void pullStatusError(Connection connection, JetStreamSubscription subscription, Status status) {
            log.warn("NATS pull error on {}: {}", connection.getOptions().getConnectionName(), status);
        }
    }

    /** An anonymous connection, for an open bus (a NATS without users). */
    public static Connection connect(String url, String name, Reconnects reconnects)
            throws IOException, InterruptedException {
        return connect(url, name, reconnects, null, null);
    }

    /**
     * A connection as one identity of a credentials folder, for a secured bus
     * ({@link BusIdentities#applyTo}). With {@code identities} null, anonymous.
     *
     * @throws IOException with one plain sentence when the server refuses the identity
     */
    public static Connection connect(String url, String name, Reconnects reconnects,
                                     BusIdentities identities, String identity)
            throws IOException, InterruptedException {
        Options.Builder options = Options.builder()
                .server(url)
                .connectionName(name)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(5))
                .connectionListener(reconnects)
                .errorListener(new Problems());
        if (identities != null) {
            identities.applyTo(options, identity);
        }
        try {
            return Nats.connect(options.build());
        } catch (AuthenticationException e) {
            throw new IOException(identities == null
                    ? "NATS at " + url + " requires credentials: set marketbus.nats.credentials (MARKETBUS_NATS_CREDENTIALS) to the credentials folder"
                    : "NATS at " + url + " refused the identity '" + identity + "' of " + identities.folder()
                            + ": the server was configured with other keys (regenerate with ./marketbus nats-config)", e);
        }
    }
}
