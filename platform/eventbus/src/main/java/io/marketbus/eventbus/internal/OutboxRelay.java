package io.marketbus.eventbus.internal;

import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.RetentionHorizons;
import io.marketbus.contract.Namespace;
import io.micrometer.observation.Observation;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to JetStream, oldest first, with {@code Nats-Msg-Id} = event id, and
 * marks a row published only after JetStream acknowledged it. An aggregate's rows are published one
 * after the other and stop at the first that fails (see {@link #relayOnce}). A crash anywhere in
 * between means the row is published again after restart; JetStream's duplicate window and the
 * consumers' inbox make that harmless. One instance at a time relays (a row lock taken with SKIP
 * LOCKED), which keeps the order of an aggregate's events and never publishes one row from two
 * instances at once. The relay thread survives anything a round throws, {@code Error}s included
 * (logged, counted in {@code marketbus.relay.failures}, retried after a pause).
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration HOUSEKEEPING_AT_MOST_EVERY = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JetStream jetStream;
    private final Namespace namespace;
    private final BusSettings.Relay settings;
    private final BusMetrics metrics;
    private final RetentionHorizons horizons;
    private final BusObservations observations;
    private final Duration housekeepingEvery;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private Instant lastHousekeeping = Instant.EPOCH;
    private Instant lastBacklogCheck = Instant.EPOCH;

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate tx, JetStream jetStream, Namespace namespace,
                       BusSettings.Relay settings, RetentionHorizons horizons, BusMetrics metrics,
                       BusObservations observations) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.jetStream = jetStream;
        this.namespace = namespace;
        this.settings = settings;
        this.metrics = metrics;
        this.horizons = horizons;
        this.observations = observations;
        // Often enough that an entry is never kept much beyond its retention, even with short test settings.
        Duration tenth = horizons.dedupeRetention().dividedBy(10);
        this.housekeepingEvery = tenth.compareTo(HOUSEKEEPING_AT_MOST_EVERY) < 0 ? tenth : HOUSEKEEPING_AT_MOST_EVERY;
    }

    public synchronized void start(String name) {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofVirtual().name("outbox-relay-" + name).start(this::run);
    }

    /** Called after a commit that appended events: publish now rather than at the next poll. */
    public void wakeUp() {
        wakeUps.release();
    }

    private void run() {
        int failures = 0;
        while (running) {
            try {
                wakeUps.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                int relayed;
                do {
                    relayed = relayOnce();
                } while (running && relayed == settings.batchSize());
                housekeeping();
                failures = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // An Error too: a dead relay thread would leave every later event in the outbox unseen.
                failures++;
                metrics.relayFailed(e instanceof Error ? "error" : "exception");
                long pause = Math.min(5_000, 100L << Math.min(failures, 6));
                if (e instanceof Error) {
                    log.error("Outbox relay round threw an Error ({} in a row), going on in {} ms", failures, pause, e);
                } else {
                    log.warn("Outbox relay round failed ({} in a row), retrying in {} ms: {}", failures, pause, e.toString());
                }
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * One round: lock, publish up to a batch, mark what JetStream acknowledged. Each aggregate's rows go
     * out one after the other (the next only once the previous one is acknowledged), different
     * aggregates side by side; the first row of an aggregate that is not acknowledged holds that
     * aggregate's later rows back for the next round, so an aggregate's events reach the stream in
     * order and without gaps whatever fails. What was acknowledged is committed as published even when
     * another publish failed or something threw: rolling it back would publish it again, which
     * JetStream drops as a duplicate (same {@code Nats-Msg-Id}) only within its duplicate window.
     *
     * @return rows published, 0 when there was nothing to do or another instance holds the lock
     * @throws IllegalStateException when some publish was not acknowledged (the rest stay for a retry)
     */
    public int relayOnce() {
        Round round = tx.execute(status -> {
            List<String> lock = jdbc.sql("select name from eventbus_relay_lock where name = 'outbox' for update skip locked")
                    .query(String.class).list();
            if (lock.isEmpty()) {
                return Round.NOTHING;
            }
            List<PendingRow> rows = jdbc.sql("""
                    select position, event_id, event_name, subject, envelope, aggregate_id, traceparent from eventbus_outbox
                    where published_at is null order by position
                    fetch first %d rows only""".formatted(settings.batchSize()))
                    .query((rs, n) -> new PendingRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                    .list();
            if (rows.isEmpty()) {
                return Round.NOTHING;
            }
            Round published = publishInOrder(rows);
            markPublished(published.acknowledged());
            return published;
        });
        if (round == null || round == Round.NOTHING) {
            return 0;
        }
        updateBacklog(round.failure() != null);
        switch (round.failure()) {
            case null -> {
                return round.acknowledged().size();
            }
            case Error e -> throw e; // after the commit: the loop counts it and goes on
            case RuntimeException e -> throw e;
            default -> throw new IllegalStateException(round.failure());
        }
    }

    /**
     * Publishes in waves, each the longest run of the remaining rows, in position order, in which no
     * aggregate comes twice; then the acks of the wave. So an aggregate's next row goes out only after
     * the one before it was acknowledged, and one that failed stops its aggregate (its later rows wait
     * for the next round) while the others go on. As long as nothing fails, the stream holds the rows
     * in position order across aggregates too: consumers that read one service's events in order (the
     * policy caches follow authzsvc's revisions, one aggregate per subject) see no reordering.
     */
    private Round publishInOrder(List<PendingRow> rows) {
        ArrayDeque<PendingRow> remaining = new ArrayDeque<>(rows);
        Set<String> stopped = new HashSet<>();
        List<Long> acknowledged = new ArrayList<>(rows.size());
        Throwable failure = null;
        // The current wave's publish observations and how many of them are stopped: whatever throws
        // stops the rest, or their spans and long-task timers would stay open for good.
        List<Observation> sends = List.of();
        int stoppedSends = 0;
        try {
            while (!remaining.isEmpty()) {
                List<PendingRow> wave = new ArrayList<>();
                Set<String> inWave = new HashSet<>();
                while (!remaining.isEmpty()) {
                    PendingRow row = remaining.peek();
                    if (stopped.contains(row.orderKey())) {
                        remaining.poll();
                    } else if (inWave.add(row.orderKey())) {
                        wave.add(remaining.poll());
                    } else {
                        break; // this aggregate's next row waits for the ack of the one in the wave
                    }
                }
                List<CompletableFuture<PublishAck>> acks = new ArrayList<>(wave.size());
                sends = new ArrayList<>(wave.size());
                stoppedSends = 0;
                for (PendingRow row : wave) {
                    sends.add(observations.publish(row.eventName(), row.traceparent()));
                    acks.add(send(row));
                }
                long deadline = System.nanoTime() + settings.ackTimeout().toNanos();
                for (int i = 0; i < wave.size(); i++) {
                    PendingRow row = wave.get(i);
                    try {
                        acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        acknowledged.add(row.position());
                        metrics.published(row.eventName());
                        sends.get(i).stop();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        sends.subList(i, sends.size()).forEach(publishing -> publishing.error(e).stop());
                        return new Round(acknowledged, e);
                    } catch (ExecutionException | TimeoutException | RuntimeException e) {
                        sends.get(i).error(e instanceof ExecutionException ? e.getCause() : e).stop();
                        // This aggregate stops here; its later rows wait for the next round.
                        stopped.add(row.orderKey());
                        if (failure == null) {
                            failure = new IllegalStateException("JetStream did not acknowledge event " + row.eventId()
                                    + " (" + row.eventName() + "), later events of aggregate " + row.aggregateId()
                                    + " wait: " + (e instanceof ExecutionException ? e.getCause() : e), e);
                        }
                    }
                    stoppedSends = i + 1;
                }
            }
        } catch (Throwable e) {
            // Whatever threw (an Error included): keep what was acknowledged, the caller commits it.
            for (Observation open : sends.subList(stoppedSends, sends.size())) {
                try {
                    open.error(e).stop();
                } catch (RuntimeException | Error again) {
                    e.addSuppressed(again); // a handler throwing again must not lose what was acknowledged
                }
            }
            return new Round(acknowledged, e);
        }
        return new Round(acknowledged, failure);
    }

    private CompletableFuture<PublishAck> send(PendingRow row) {
        try {
            PublishOptions options = PublishOptions.builder()
                    .messageId(row.eventId().toString())
                    .expectedStream(namespace.stream(streamOf(row.subject())))
                    .build();
            Headers headers = new Headers().put("Content-Type", "application/cloudevents+json");
            return jetStream.publishAsync(namespace.subject(row.subject()), headers,
                    row.envelope().getBytes(StandardCharsets.UTF_8), options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // e.g. the connection is closed: this row is not out
        }
    }

    private void markPublished(List<Long> positions) {
        if (positions.isEmpty()) {
            return;
        }
        jdbc.sql("update eventbus_outbox set published_at = :now where position in (:positions)")
                .param("now", OffsetDateTime.now(ZoneOffset.UTC))
                .param("positions", positions)
                .update();
    }

    private void updateBacklog(boolean force) {
        Instant now = Instant.now();
        if (!force && Duration.between(lastBacklogCheck, now).toMillis() < 1000) {
            return;
        }
        lastBacklogCheck = now;
        jdbc.sql("select count(*), min(created_at) from eventbus_outbox where published_at is null")
                .query((rs, n) -> {
                    Timestamp oldest = rs.getTimestamp(2);
                    metrics.outbox(rs.getLong(1), oldest == null ? 0 : Math.max(0, now.toEpochMilli() - oldest.getTime()));
                    return null;
                })
                .list();
    }

    /**
     * Rows published before the relay's retention, and inbox entries older than the dedupe retention
     * (see {@link RetentionHorizons}): till then the bus may bring their event back.
     */
    private void housekeeping() {
        Instant now = Instant.now();
        if (Duration.between(lastHousekeeping, now).compareTo(housekeepingEvery) < 0) {
            return;
        }
        lastHousekeeping = now;
        jdbc.sql("delete from eventbus_outbox where published_at < ?")
                .param(OffsetDateTime.ofInstant(now.minus(settings.retention()), ZoneOffset.UTC)).update();
        jdbc.sql("delete from eventbus_inbox where processed_at < ?")
                .param(OffsetDateTime.ofInstant(now.minus(horizons.dedupeRetention()), ZoneOffset.UTC)).update();
        updateBacklog(true);
    }

    static String streamOf(String subject) {
        return io.marketbus.contract.EventDefinition.streamOfSubject(subject);
    }

    @Override
    public void close() {
        running = false;
        wakeUp();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Round(List<Long> acknowledged, Throwable failure) {
        static final Round NOTHING = new Round(List.of(), null);
    }

    private record PendingRow(long position, UUID eventId, String eventName, String subject, String envelope,
                              String aggregateId, String traceparent) {
        /** Rows without an aggregate promise no order: each is its own. */
        String orderKey() {
            return aggregateId == null ? "#" + position : aggregateId;
        }
    }
}
