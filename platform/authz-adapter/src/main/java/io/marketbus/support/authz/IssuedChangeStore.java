package io.marketbus.support.authz;

import io.marketbus.authz.cache.IssuedChange;
import io.marketbus.authz.cache.IssuedChanges;
import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.policy.PolicyChange;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The issued grants and removals in the service's database ({@code authz_issued_changes}), kept
 * {@code kept} long: long enough for authzsvc's confirmation to reach every instance, and as long
 * as a cached entry may serve without authzsvc (the staleness bound), so that a removal is not
 * forgotten while a cache that never heard of it could still allow.
 */
final class IssuedChangeStore implements IssuedChanges {

    private final JdbcClient jdbc;
    private final Duration kept;
    private final Clock clock;

    IssuedChangeStore(DataSource dataSource, Duration kept, Clock clock) {
        migrate(dataSource);
        this.jdbc = JdbcClient.create(dataSource);
        this.kept = kept;
        this.clock = clock;
    }

    Duration kept() {
        return kept;
    }

    /** In the caller's transaction, with the command in the outbox. */
    void remember(PolicyChange.Method method, Policy policy, long afterRevision) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A policy is granted or revoked in the transaction of the change it belongs to");
        }
        jdbc.sql("""
                insert into authz_issued_changes
                    (subject, resource_type, action, resource_id, method, after_revision, issued_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(policy.subject(), policy.resourceType(), policy.action(), policy.resourceId(), method.name(),
                        afterRevision, now())
                .update();
    }

    @Override
    public List<IssuedChange> of(String subject) {
        return jdbc.sql("""
                select method, subject, action, resource_type, resource_id, after_revision from authz_issued_changes
                where subject = ? and issued_at > ? order by position""")
                .params(subject, now().minus(kept))
                .query((rs, n) -> new IssuedChange(PolicyChange.Method.valueOf(rs.getString(1)),
                        new Policy(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), rs.getLong(6)))
                .list();
    }

    /** Deletes what is older than {@code kept}; the number of rows. */
    int forgetOld() {
        return jdbc.sql("delete from authz_issued_changes where issued_at <= ?").param(now().minus(kept)).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/authz")
                .table("authz_schema_history")
                // The service's and the event runtime's migrations may have run first.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
