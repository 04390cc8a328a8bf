package io.marketbus.support.web;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The service's {@code idempotency_keys}: per caller and key, the request's fingerprint and the
 * first answer, kept {@code retention} long.
 */
final class IdempotencyKeys {

    /** The first answer to a key: status, Location (or null), body as JSON (or null). */
    record Answer(String fingerprint, int status, String location, String body) {}

    private final JdbcClient jdbc;
    private final Duration retention;
    private final Clock clock;

    IdempotencyKeys(DataSource dataSource, Duration retention, Clock clock) {
        migrate(dataSource);
        this.jdbc = JdbcClient.create(dataSource);
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * In the write's transaction: takes the key for this request, or finds the answer of the
     * request that took it first. An insert of a key that another transaction has inserted and not
     * committed waits for that transaction (PostgreSQL): its answer is then read here, or, had it
     * rolled back, the key is taken here. An expired key is taken as new.
     *
     * @return empty when the key is now this request's; else the first answer
     * @throws ProblemException 409 when the first request has no answer yet: a database that does
     *         not make the second insert wait (H2)
     */
    Optional<Answer> claim(String caller, String key, String fingerprint) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A key is taken in the transaction of the write it belongs to");
        }
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                OffsetDateTime now = now();
                int taken = jdbc.sql("""
                        insert into idempotency_keys (caller, idempotency_key, fingerprint, created_at)
                        values (?, ?, ?, ?) on conflict do nothing""")
                        .params(caller, key, fingerprint, now).update();
                if (taken == 1) {
                    return Optional.empty();
                }
                Optional<Stored> stored = jdbc.sql("""
                        select fingerprint, created_at, status, location, body from idempotency_keys
                        where caller = ? and idempotency_key = ?""")
                        .params(caller, key)
                        .query((rs, n) -> new Stored(rs.getObject(2, OffsetDateTime.class), (Integer) rs.getObject(3),
                                new Answer(rs.getString(1), rs.getInt(3), rs.getString(4), rs.getString(5))))
                        .optional();
                if (stored.isEmpty()) {
                    continue; // the first request rolled back meanwhile: try to take the key again
                }
                OffsetDateTime expired = now.minus(retention);
                if (!stored.get().createdAt().isAfter(expired)) {
                    jdbc.sql("delete from idempotency_keys where caller = ? and idempotency_key = ? and created_at <= ?")
                            .params(caller, key, expired).update();
                    continue;
                }
                if (stored.get().status() == null) {
                    throw inProgress();
                }
                return Optional.of(stored.get().answer());
            }
            throw inProgress();
        } catch (DataIntegrityViolationException | TransientDataAccessException concurrent) {
            // H2 refuses the second insert at once ("concurrent update") instead of waiting.
            throw inProgress();
        }
    }

    /** In the same transaction, once the write has answered. */
    void answer(String caller, String key, int status, String location, String body) {
        jdbc.sql("update idempotency_keys set status = ?, location = ?, body = ? where caller = ? and idempotency_key = ?")
                .params(status, location, body, caller, key).update();
    }

    /** Deletes the keys past their retention; the number of rows. */
    int forgetExpired() {
        return jdbc.sql("delete from idempotency_keys where created_at <= ?").param(now().minus(retention)).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static ProblemException inProgress() {
        return new ProblemException(HttpStatus.CONFLICT, "idempotency-key-in-use", "Request in progress",
                "A request with this Idempotency-Key is still being processed; try again shortly",
                Map.of(), Map.of("Retry-After", "1"));
    }

    private record Stored(OffsetDateTime createdAt, Integer status, Answer answer) {}

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/idempotency")
                .table("idempotency_schema_history")
                // The service's own migrations and the other modules' may have run first.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
