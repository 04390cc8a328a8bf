package io.marketbus.eventbus;

import io.marketbus.contract.Namespace;
import io.marketbus.contract.ServiceName;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything an instance of a service needs to know about the bus, built by name:
 *
 * <pre>{@code
 * BusSettings settings = BusSettings.builder(ServiceName.ORDER, namespace)
 *         .relay(BusSettings.Relay.builder().pollInterval(Duration.ofMillis(50)).build())
 *         .build();
 * }</pre>
 *
 * <p>Each default is defined once, as a {@code DEFAULT_*} constant of its option set; the Spring
 * binding ({@code marketbus.*} properties) names the same constants. Durations are kept as ISO-8601
 * text there, because an annotation's default can only be a constant string. The defaults follow the
 * original's layout (file storage, 24 h max age, 2 min duplicate window, 10 deliveries).
 */
public final class BusSettings {

    private final ServiceName service;
    private final Namespace namespace;
    private final Streams streams;
    private final Consumers consumers;
    private final Relay relay;

    private BusSettings(Builder b) {
        this.service = Objects.requireNonNull(b.service, "service");
        this.namespace = Objects.requireNonNull(b.namespace, "namespace");
        this.streams = Objects.requireNonNull(b.streams, "streams");
        this.consumers = Objects.requireNonNull(b.consumers, "consumers");
        this.relay = Objects.requireNonNull(b.relay, "relay");
    }

    public static Builder builder(ServiceName service, Namespace namespace) {
        return new Builder(service, namespace);
    }

    public static BusSettings defaults(ServiceName service, Namespace namespace) {
        return builder(service, namespace).build();
    }

    /** Which service this instance is. */
    public ServiceName service() {
        return service;
    }

    /** Prefix for streams and subjects. */
    public Namespace namespace() {
        return namespace;
    }

    /** How streams are created. */
    public Streams streams() {
        return streams;
    }

    /** How events are consumed. */
    public Consumers consumers() {
        return consumers;
    }

    /** How the outbox relay publishes. */
    public Relay relay() {
        return relay;
    }

    /** Builds {@link BusSettings}; what is not set keeps its defaults. */
    public static final class Builder {
        private final ServiceName service;
        private final Namespace namespace;
        private Streams streams = Streams.DEFAULTS;
        private Consumers consumers = Consumers.DEFAULTS;
        private Relay relay = Relay.DEFAULTS;

        private Builder(ServiceName service, Namespace namespace) {
            this.service = service;
            this.namespace = namespace;
        }

        public Builder streams(Streams streams) {
            this.streams = streams;
            return this;
        }

        public Builder consumers(Consumers consumers) {
            this.consumers = consumers;
            return this;
        }

        public Builder relay(Relay relay) {
            this.relay = relay;
            return this;
        }

        public BusSettings build() {
            return new BusSettings(this);
        }
    }

    /** How streams are created. */
    public static final class Streams {
        public static final boolean DEFAULT_FILE_STORAGE = true;
        public static final int DEFAULT_REPLICAS = 1;
        public static final String DEFAULT_MAX_AGE = "PT24H";
        public static final String DEFAULT_DUPLICATE_WINDOW = "PT2M";
        public static final String DEFAULT_DEAD_LETTER_MAX_AGE = "P7D";
        public static final Streams DEFAULTS = builder().build();

        private final boolean fileStorage;
        private final int replicas;
        private final Duration maxAge;
        private final Duration duplicateWindow;
        private final Duration deadLetterMaxAge;

        private Streams(Builder b) {
            this.fileStorage = b.fileStorage;
            this.replicas = b.replicas;
            this.maxAge = Objects.requireNonNull(b.maxAge, "maxAge");
            this.duplicateWindow = Objects.requireNonNull(b.duplicateWindow, "duplicateWindow");
            this.deadLetterMaxAge = Objects.requireNonNull(b.deadLetterMaxAge, "deadLetterMaxAge");
        }

        public static Builder builder() {
            return new Builder();
        }

        /** File (true) or memory storage. */
        public boolean fileStorage() {
            return fileStorage;
        }

        /** Stream replicas (1 on a single server, 3 on a cluster). */
        public int replicas() {
            return replicas;
        }

        /** How long events are kept. */
        public Duration maxAge() {
            return maxAge;
        }

        /** How long JetStream remembers a Nats-Msg-Id. */
        public Duration duplicateWindow() {
            return duplicateWindow;
        }

        /** How long dead letters are kept. */
        public Duration deadLetterMaxAge() {
            return deadLetterMaxAge;
        }

        public static final class Builder {
            private boolean fileStorage = DEFAULT_FILE_STORAGE;
            private int replicas = DEFAULT_REPLICAS;
            private Duration maxAge = Duration.parse(DEFAULT_MAX_AGE);
            private Duration duplicateWindow = Duration.parse(DEFAULT_DUPLICATE_WINDOW);
            private Duration deadLetterMaxAge = Duration.parse(DEFAULT_DEAD_LETTER_MAX_AGE);

            public Builder fileStorage(boolean fileStorage) {
                this.fileStorage = fileStorage;
                return this;
            }

            public Builder replicas(int replicas) {
                this.replicas = replicas;
                return this;
            }

            public Builder maxAge(Duration maxAge) {
                this.maxAge = maxAge;
                return this;
            }

            public Builder duplicateWindow(Duration duplicateWindow) {
                this.duplicateWindow = duplicateWindow;
                return this;
            }

            public Builder deadLetterMaxAge(Duration deadLetterMaxAge) {
                this.deadLetterMaxAge = deadLetterMaxAge;
                return this;
            }

            public Streams build() {
                return new Streams(this);
            }
        }
    }

    /** How events are consumed. */
    public static final class Consumers {
        public static final int DEFAULT_MAX_DELIVERIES = 10;
        /** Comma-separated, as Spring binds a list. */
        public static final String DEFAULT_BACKOFF = "PT0.1S,PT0.5S,PT2S,PT5S,PT15S";
        public static final String DEFAULT_ACK_WAIT = "PT30S";
        public static final int DEFAULT_MAX_ACK_PENDING = 1000;
        public static final int DEFAULT_WORKERS = 2;
        public static final int DEFAULT_BATCH_SIZE = 64;
        /** First and longest wait between in-process retries while the database is unreachable. */
        public static final String DEFAULT_OUTAGE_RETRY = "PT0.5S";
        public static final String DEFAULT_OUTAGE_RETRY_MAX = "PT5S";
        public static final Consumers DEFAULTS = builder().build();

        private final int maxDeliveries;
        private final List<Duration> backoff;
        private final Duration ackWait;
        private final int maxAckPending;
        private final int workers;
        private final int batchSize;
        private final Duration outageRetry;
        private final Duration outageRetryMax;

        private Consumers(Builder b) {
            if (b.maxDeliveries < 1) {
                throw new IllegalArgumentException("maxDeliveries must be at least 1");
            }
            if (b.backoff.isEmpty()) {
                throw new IllegalArgumentException("backoff needs at least one delay");
            }
            this.maxDeliveries = b.maxDeliveries;
            this.backoff = List.copyOf(b.backoff);
            this.ackWait = Objects.requireNonNull(b.ackWait, "ackWait");
            this.maxAckPending = b.maxAckPending;
            this.workers = b.workers;
            this.batchSize = b.batchSize;
            this.outageRetry = Objects.requireNonNull(b.outageRetry, "outageRetry");
            this.outageRetryMax = Objects.requireNonNull(b.outageRetryMax, "outageRetryMax");
            if (!outageRetry.isPositive() || outageRetryMax.compareTo(outageRetry) < 0) {
                throw new IllegalArgumentException("outageRetry must be positive and at most outageRetryMax");
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        /**
         * First wait before retrying events whose handling failed because the database was
         * unreachable, timed out or read-only; it doubles up to {@link #outageRetryMax()}. Such
         * retries happen in this instance, holding the events, so they use up no deliveries.
         */
        public Duration outageRetry() {
            return outageRetry;
        }

        /** Longest wait between retries during a database outage: how late the consumer resumes at most. */
        public Duration outageRetryMax() {
            return outageRetryMax;
        }

        /** Deliveries before an event that keeps failing goes to the dead letters. */
        public int maxDeliveries() {
            return maxDeliveries;
        }

        /** Delay before each redelivery after a failure; the last entry repeats. */
        public List<Duration> backoff() {
            return backoff;
        }

        /** How long a delivery may take before JetStream redelivers it. */
        public Duration ackWait() {
            return ackWait;
        }

        /** Unacknowledged events per consumer, across all instances. */
        public int maxAckPending() {
            return maxAckPending;
        }

        /** Concurrent fetch-and-handle loops per consumer in this instance. */
        public int workers() {
            return workers;
        }

        /** Events fetched per pull. */
        public int batchSize() {
            return batchSize;
        }

        /** Delay before delivery number {@code delivered + 1}. */
        public Duration backoffAfter(long delivered) {
            int index = (int) Math.min(Math.max(delivered - 1, 0), backoff.size() - 1);
            return backoff.get(index);
        }

        public static final class Builder {
            private int maxDeliveries = DEFAULT_MAX_DELIVERIES;
            private List<Duration> backoff = Arrays.stream(DEFAULT_BACKOFF.split(",")).map(Duration::parse).toList();
            private Duration ackWait = Duration.parse(DEFAULT_ACK_WAIT);
            private int maxAckPending = DEFAULT_MAX_ACK_PENDING;
            private int workers = DEFAULT_WORKERS;
            private int batchSize = DEFAULT_BATCH_SIZE;
            private Duration outageRetry = Duration.parse(DEFAULT_OUTAGE_RETRY);
            private Duration outageRetryMax = Duration.parse(DEFAULT_OUTAGE_RETRY_MAX);

            public Builder outageRetry(Duration first, Duration max) {
                this.outageRetry = first;
                this.outageRetryMax = max;
                return this;
            }

            public Builder maxDeliveries(int maxDeliveries) {
                this.maxDeliveries = maxDeliveries;
                return this;
            }

            public Builder backoff(List<Duration> backoff) {
                this.backoff = List.copyOf(backoff);
                return this;
            }

            public Builder backoff(Duration... backoff) {
                return backoff(List.of(backoff));
            }

            public Builder ackWait(Duration ackWait) {
                this.ackWait = ackWait;
                return this;
            }

            public Builder maxAckPending(int maxAckPending) {
                this.maxAckPending = maxAckPending;
                return this;
            }

            public Builder workers(int workers) {
                this.workers = workers;
                return this;
            }

            public Builder batchSize(int batchSize) {
                this.batchSize = batchSize;
                return this;
            }

            public Consumers build() {
                return new Consumers(this);
            }
        }
    }

    /** How the outbox relay publishes. */
    public static final class Relay {
        public static final String DEFAULT_POLL_INTERVAL = "PT0.2S";
        public static final int DEFAULT_BATCH_SIZE = 256;
        public static final String DEFAULT_ACK_TIMEOUT = "PT5S";
        public static final String DEFAULT_RETENTION = "PT1H";
        public static final Relay DEFAULTS = builder().build();

        private final Duration pollInterval;
        private final int batchSize;
        private final Duration ackTimeout;
        private final Duration retention;

        private Relay(Builder b) {
            this.pollInterval = Objects.requireNonNull(b.pollInterval, "pollInterval");
            this.batchSize = b.batchSize;
            this.ackTimeout = Objects.requireNonNull(b.ackTimeout, "ackTimeout");
            this.retention = Objects.requireNonNull(b.retention, "retention");
        }

        public static Builder builder() {
            return new Builder();
        }

        /** How often the relay looks for events when nobody woke it. */
        public Duration pollInterval() {
            return pollInterval;
        }

        /** Events published per round (acks awaited together). */
        public int batchSize() {
            return batchSize;
        }

        /** How long to wait for JetStream's PubAck. */
        public Duration ackTimeout() {
            return ackTimeout;
        }

        /** How long published rows stay in the outbox table for inspection. */
        public Duration retention() {
            return retention;
        }

        public static final class Builder {
            private Duration pollInterval = Duration.parse(DEFAULT_POLL_INTERVAL);
            private int batchSize = DEFAULT_BATCH_SIZE;
            private Duration ackTimeout = Duration.parse(DEFAULT_ACK_TIMEOUT);
            private Duration retention = Duration.parse(DEFAULT_RETENTION);

            public Builder pollInterval(Duration pollInterval) {
                this.pollInterval = pollInterval;
                return this;
            }

            public Builder batchSize(int batchSize) {
                this.batchSize = batchSize;
                return this;
            }

            public Builder ackTimeout(Duration ackTimeout) {
                this.ackTimeout = ackTimeout;
                return this;
            }

            public Builder retention(Duration retention) {
                this.retention = retention;
                return this;
            }

            public Relay build() {
                return new Relay(this);
            }
        }
    }
}
