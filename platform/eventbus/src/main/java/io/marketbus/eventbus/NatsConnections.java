package io.marketbus.eventbus;

import io.nats.client.Connection;
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

    public static Connection connect(String url, String name, Reconnects reconnects)
            throws IOException, InterruptedException {
        Options options = Options.builder()
                .server(url)
                .connectionName(name)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(5))
                .connectionListener(reconnects)
                .build();
        return Nats.connect(options);
    }
}
