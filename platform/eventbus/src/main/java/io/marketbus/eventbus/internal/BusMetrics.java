package io.marketbus.eventbus.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The runtime's meters, tagged with the service and the event. */
public final class BusMetrics {

    private final MeterRegistry registry;
    private final String service;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final Map<String, AtomicLong> pendingAges = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> paused = new ConcurrentHashMap<>();

    public BusMetrics(MeterRegistry registry, String service) {
        this.registry = registry;
        this.service = service;
        Gauge.builder("marketbus.outbox.backlog", backlog, AtomicLong::get)
                .description("Events stored in the outbox and not yet acknowledged by JetStream")
                .tag("service", service).register(registry);
        Gauge.builder("marketbus.outbox.oldest.age", oldestAgeMillis, v -> v.get() / 1000.0)
                .description("Age in seconds of the oldest unpublished outbox event")
                .baseUnit("seconds").tag("service", service).register(registry);
    }

    public void published(String event) {
        count("marketbus.events.published", event, "none");
    }

    public void consumed(String event, String outcome) {
        count("marketbus.events.consumed", event, outcome);
    }

    public void redelivered(String event) {
        count("marketbus.events.redelivered", event, "none");
    }

    public void deadLettered(String event, String kind) {
        count("marketbus.events.dead_lettered", event, kind);
    }

    /** A relay round that threw: {@code exception} (a publish or the database failed) or {@code error}. */
    public void relayFailed(String kind) {
        counters.computeIfAbsent("marketbus.relay.failures|" + kind, k -> Counter.builder("marketbus.relay.failures")
                .description("Outbox relay rounds that threw; the relay goes on after a pause")
                .tag("service", service).tag("kind", kind).register(registry)).increment();
    }

    /** The age of a durable consumer's oldest unacknowledged event, 0 when it has none. */
    public void oldestPending(String consumer, long ageMillis) {
        pendingAges.computeIfAbsent(consumer, c -> {
            AtomicLong age = new AtomicLong();
            Gauge.builder("marketbus.consumer.oldest_pending.age", age, v -> v.get() / 1000.0)
                    .description("Age in seconds of the oldest event a durable consumer has not acknowledged")
                    .baseUnit("seconds").tag("service", service).tag("consumer", c).register(registry);
            return age;
        }).set(ageMillis);
    }

    /** A durable consumer's oldest unacknowledged event is close to the stream's max age. */
    public void pendingNearMaxAge(String consumer) {
        counters.computeIfAbsent("marketbus.consumer.retention_warnings|" + consumer, k ->
                Counter.builder("marketbus.consumer.retention_warnings")
                        .description("Checks that found a consumer's oldest pending event within 20 % of the stream's max age")
                        .tag("service", service).tag("consumer", consumer).register(registry)).increment();
    }

    /** A handling attempt failed on the database (unreachable, timing out, read-only): no delivery used. */
    public void infrastructureFault(String event) {
        count("marketbus.consumer.infrastructure_faults", event, "none");
    }

    /** A handler threw an {@link Error}; {@code error} is its class. */
    public void handlerError(String event, String error) {
        count("marketbus.consumer.errors", event, error);
    }

    /** A consumer's fetch loop caught what it did not expect and started over. */
    public void loopRestarted(String event) {
        count("marketbus.consumer.loop_restarts", event, "none");
    }

    /**
     * The workers of one consumer that are waiting out a database outage; the gauge reads 1 while any
     * is (the consumer is paused), 0 otherwise.
     */
    public AtomicInteger pausedWorkers(String event) {
        return paused.computeIfAbsent(event, e -> {
            AtomicInteger workers = new AtomicInteger();
            Gauge.builder("marketbus.consumer.paused", workers, w -> w.get() > 0 ? 1 : 0)
                    .description("1 while the consumer holds its events because the database does not answer")
                    .tag("service", service).tag("event", e).register(registry);
            return workers;
        });
    }

    public void outbox(long pending, long oldestAgeMillis) {
        this.backlog.set(pending);
        this.oldestAgeMillis.set(oldestAgeMillis);
    }

    private void count(String name, String event, String detail) {
        counters.computeIfAbsent(name + '|' + event + '|' + detail, k -> Counter.builder(name)
                .tag("service", service).tag("event", event).tag("detail", detail)
                .register(registry)).increment();
    }
}
