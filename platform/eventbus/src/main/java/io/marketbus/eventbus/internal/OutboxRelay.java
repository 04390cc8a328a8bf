package io.marketbus.eventbus.internal;

import io.marketbus.eventbus.BusSettings;
import io.marketbus.contract.Namespace;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to JetStream, oldest first, with {@code Nats-Msg-Id} = event id, and
 * marks a row published only after JetStream acknowledged it. A crash anywhere in between means the
 * row is published again after restart; JetStream's duplicate window and the consumers' inbox make
 * that harmless. One instance at a time relays (a row lock taken with SKIP LOCKED), which keeps the
 * order of an aggregate's events and never publishes one row from two instances at once.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofMinutes(1);
    private static final Duration INBOX_RETENTION = Duration.ofDays(7);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JetStream jetStream;
    private final Namespace namespace;
    private final BusSettings.Relay settings;
    private final BusMetrics metrics;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private Instant lastHousekeeping = Instant.EPOCH;
    private Instant lastBacklogCheck = Instant.EPOCH;

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate tx, JetStream jetStream, Namespace namespace,
                       BusSettings.Relay settings, BusMetrics metrics) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.jetStream = jetStream;
        this.namespace = namespace;
        this.settings = settings;
        this.metrics = metrics;
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
            } catch (RuntimeException e) {
                failures++;
                long pause = Math.min(5_000, 100L << Math.min(failures, 6));
                log.warn("Outbox relay round failed ({} in a row), retrying in {} ms: {}", failures, pause, e.toString());
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
     * One round: lock, publish up to a batch, wait for the acks, mark what was acknowledged.
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
                    select position, event_id, event_name, subject, envelope from eventbus_outbox
                    where published_at is null order by position
                    fetch first %d rows only""".formatted(settings.batchSize()))
                    .query((rs, n) -> new PendingRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5)))
                    .list();
            if (rows.isEmpty()) {
                return Round.NOTHING;
            }
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>(rows.size());
            for (PendingRow row : rows) {
                PublishOptions options = PublishOptions.builder()
                        .messageId(row.eventId().toString())
                        .expectedStream(namespace.stream(streamOf(row.subject())))
                        .build();
                Headers headers = new Headers().put("Content-Type", "application/cloudevents+json");
                acks.add(jetStream.publishAsync(namespace.subject(row.subject()), headers,
                        row.envelope().getBytes(StandardCharsets.UTF_8), options));
            }
            List<Long> acknowledged = new ArrayList<>(rows.size());
            RuntimeException firstFailure = null;
            for (int i = 0; i < rows.size(); i++) {
                try {
                    acks.get(i).get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    acknowledged.add(rows.get(i).position());
                    metrics.published(rows.get(i).eventName());
                } catch (Exception e) {
                    if (firstFailure == null) {
                        firstFailure = new IllegalStateException("JetStream did not acknowledge event "
                                + rows.get(i).eventId() + ": " + e, e);
                    }
                }
            }
            // What was acknowledged is committed even when a later publish failed.
            markPublished(acknowledged);
            return new Round(acknowledged.size(), firstFailure);
        });
        if (round == null) {
            return 0;
        }
        updateBacklog(round.failure() != null);
        if (round.failure() != null) {
            throw round.failure();
        }
        return round.published();
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

    /** Rows published before the retention window, and inbox entries far older than any stream keeps. */
    private void housekeeping() {
        Instant now = Instant.now();
        if (Duration.between(lastHousekeeping, now).compareTo(HOUSEKEEPING_EVERY) < 0) {
            return;
        }
        lastHousekeeping = now;
        jdbc.sql("delete from eventbus_outbox where published_at < ?")
                .param(OffsetDateTime.ofInstant(now.minus(settings.retention()), ZoneOffset.UTC)).update();
        jdbc.sql("delete from eventbus_inbox where processed_at < ?")
                .param(OffsetDateTime.ofInstant(now.minus(INBOX_RETENTION), ZoneOffset.UTC)).update();
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

    private record Round(int published, RuntimeException failure) {
        static final Round NOTHING = new Round(0, null);
    }

    private record PendingRow(long position, UUID eventId, String eventName, String subject, String envelope) {}
}
