package io.marketbus.eventbus;

import io.marketbus.contract.Namespace;

import io.marketbus.contract.ServiceName;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything an instance of a service needs to know about the bus. Defaults follow the original's
 * layout (file storage, 24 h max age, 2 min duplicate window, 10 deliveries).
 *
 * @param service   which service this instance is
 * @param namespace prefix for streams and subjects
 * @param streams   how streams are created
 * @param consumers how events are consumed
 * @param relay     how the outbox relay publishes
 */
public record BusSettings(
        ServiceName service, Namespace namespace, Streams streams, Consumers consumers, Relay relay) {

    public BusSettings {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(consumers, "consumers");
        Objects.requireNonNull(relay, "relay");
    }

    public static BusSettings defaults(ServiceName service, Namespace namespace) {
        return new BusSettings(service, namespace, Streams.DEFAULTS, Consumers.DEFAULTS, Relay.DEFAULTS);
    }

    public BusSettings withConsumers(Consumers consumers) {
        return new BusSettings(service, namespace, streams, consumers, relay);
    }

    public BusSettings withRelay(Relay relay) {
        return new BusSettings(service, namespace, streams, consumers, relay);
    }

    public BusSettings withStreams(Streams streams) {
        return new BusSettings(service, namespace, streams, consumers, relay);
    }

    /**
     * @param fileStorage     file (true) or memory storage
     * @param replicas        stream replicas (1 on a single server, 3 on a cluster)
     * @param maxAge          how long events are kept
     * @param duplicateWindow how long JetStream remembers a Nats-Msg-Id
     * @param deadLetterMaxAge how long dead letters are kept
     */
    public record Streams(boolean fileStorage, int replicas, Duration maxAge, Duration duplicateWindow,
                          Duration deadLetterMaxAge) {
        public static final Streams DEFAULTS =
                new Streams(true, 1, Duration.ofHours(24), Duration.ofMinutes(2), Duration.ofDays(7));
    }

    /**
     * @param maxDeliveries  deliveries before an event that keeps failing goes to the dead letters
     * @param backoff        delay before each redelivery after a failure; the last entry repeats
     * @param ackWait        how long a delivery may take before JetStream redelivers it
     * @param maxAckPending  unacknowledged events per consumer, across all instances
     * @param workers        concurrent fetch-and-handle loops per consumer in this instance
     * @param batchSize      events fetched per pull
     */
    public record Consumers(int maxDeliveries, List<Duration> backoff, Duration ackWait, int maxAckPending,
                            int workers, int batchSize) {
        public static final Consumers DEFAULTS = new Consumers(10,
                List.of(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5),
                        Duration.ofSeconds(15)),
                Duration.ofSeconds(30), 1000, 2, 64);

        public Consumers {
            if (maxDeliveries < 1) {
                throw new IllegalArgumentException("maxDeliveries must be at least 1");
            }
            if (backoff.isEmpty()) {
                throw new IllegalArgumentException("backoff needs at least one delay");
            }
            backoff = List.copyOf(backoff);
        }

        /** Delay before delivery number {@code delivered + 1}. */
        public Duration backoffAfter(long delivered) {
            int index = (int) Math.min(Math.max(delivered - 1, 0), backoff.size() - 1);
            return backoff.get(index);
        }

        public Consumers withMaxDeliveries(int maxDeliveries, List<Duration> backoff) {
            return new Consumers(maxDeliveries, backoff, ackWait, maxAckPending, workers, batchSize);
        }
    }

    /**
     * @param pollInterval   how often the relay looks for events when nobody woke it
     * @param batchSize      events published per round (acks awaited together)
     * @param ackTimeout     how long to wait for JetStream's PubAck
     * @param retention      how long published rows stay in the outbox table for inspection
     */
    public record Relay(Duration pollInterval, int batchSize, Duration ackTimeout, Duration retention) {
        public static final Relay DEFAULTS =
                new Relay(Duration.ofMillis(200), 256, Duration.ofSeconds(5), Duration.ofHours(1));
    }
}
