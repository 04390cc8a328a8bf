package io.marketbus.policies;

import static io.marketbus.support.database.StoredTime.utc;

import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.authz.policy.Policy;
import io.marketbus.contract.events.PolicyUpdated;
import io.marketbus.eventbus.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The policies and their revision. Every change takes the next revision and puts an
 * event-policy-updated into the outbox in the same transaction; a command that changes nothing
 * (upserting what exists, removing what does not, or one older than the last command on that
 * policy) takes no revision and fires nothing.
 */
@Repository
class PolicyStore {

    private static final Duration REMOVALS_KEPT = Duration.ofDays(7);
    /** What names one policy in {@code policies} and {@code policy_removals}; {@link #key} binds it. */
    private static final String KEY = "subject = ? and resource_type = ? and action = ? and resource_id = ?";

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final SubjectPolicies cache;

    PolicyStore(JdbcClient jdbc, Outbox outbox, SubjectPolicies cache) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.cache = cache;
    }

    /**
     * Grants a policy, as commanded at {@code commandTime}.
     *
     * @return the revision of the change, or empty when nothing changed
     */
    @Transactional
    Optional<Long> upsert(Policy policy, Instant commandTime) {
        long revision = lockRevision() + 1;
        Optional<Instant> removedAt = lastCommand("removed_at", "policy_removals", policy);
        if (removedAt.filter(removed -> removed.isAfter(commandTime)).isPresent()) {
            return Optional.empty(); // revoked by a newer command that arrived first
        }
        int inserted = jdbc.sql("""
                insert into policies (subject, resource_type, action, resource_id, revision, changed_at)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(policy.subject(), policy.resourceType(), policy.action(), policy.resourceId(), revision,
                        utc(commandTime))
                .update();
        if (inserted == 0) {
            jdbc.sql("""
                    update policies set changed_at = ?
                    where %s and changed_at < ?""".formatted(KEY))
                    .params(utc(commandTime), policy.subject(), policy.resourceType(), policy.action(),
                            policy.resourceId(), utc(commandTime))
                    .update();
            return Optional.empty();
        }
        changed(PolicyUpdated.Method.PUT, policy, revision);
        return Optional.of(revision);
    }

    /**
     * Revokes a policy, as commanded at {@code commandTime}.
     *
     * @return the revision of the change, or empty when nothing changed
     */
    @Transactional
    Optional<Long> remove(Policy policy, Instant commandTime) {
        long revision = lockRevision() + 1;
        Optional<Instant> grantedAt = lastCommand("changed_at", "policies", policy);
        if (grantedAt.filter(granted -> granted.isAfter(commandTime)).isPresent()) {
            return Optional.empty(); // granted again by a newer command that arrived first
        }
        rememberRemoval(policy, commandTime);
        if (grantedAt.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql("delete from policies where " + KEY).params(key(policy)).update();
        changed(PolicyUpdated.Method.DELETE, policy, revision);
        return Optional.of(revision);
    }

    /** Removes every policy of a subject granted before {@code commandTime}, one change (and event) each. */
    @Transactional
    int removeAll(String subject, Instant commandTime) {
        lockRevision();
        int removed = 0;
        for (Policy policy : read(subject)) {
            if (remove(policy, commandTime).isPresent()) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * One consistent read: the revision and the policies as of that revision (a repeatable-read
     * transaction, revision read first), as the caches' revision rules require.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    PolicySnapshot snapshot(String subject) {
        long revision = currentRevision();
        return new PolicySnapshot(read(subject), revision);
    }

    long currentRevision() {
        return jdbc.sql("select revision from policy_revision where id = 1").query(Long.class).single();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    @Transactional
    public void forgetOldRemovals() {
        jdbc.sql("delete from policy_removals where removed_at < ?").param(utc(Instant.now().minus(REMOVALS_KEPT))).update();
    }

    private List<Policy> read(String subject) {
        return jdbc.sql("""
                select subject, action, resource_type, resource_id from policies where subject = ?
                order by resource_type, action, resource_id""")
                .param(subject)
                .query((rs, n) -> new Policy(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    private void rememberRemoval(Policy policy, Instant commandTime) {
        jdbc.sql("delete from policy_removals where " + KEY).params(key(policy)).update();
        jdbc.sql("""
                insert into policy_removals (subject, resource_type, action, resource_id, removed_at)
                values (?, ?, ?, ?, ?)""")
                .params(policy.subject(), policy.resourceType(), policy.action(), policy.resourceId(), utc(commandTime))
                .update();
    }

    /**
     * Locks the revision row until commit and returns the current revision. Changes are serialised
     * here, so revisions are gapless and their events enter the outbox in revision order.
     */
    private long lockRevision() {
        return jdbc.sql("select revision from policy_revision where id = 1 for update").query(Long.class).single();
    }

    private void changed(PolicyUpdated.Method method, Policy policy, long revision) {
        jdbc.sql("update policy_revision set revision = ? where id = 1").param(revision).update();
        outbox.append(policy.subject(), new PolicyUpdated(method, policy.subject(), policy.resourceType(),
                policy.resourceId(), policy.action(), revision));
        String subject = policy.subject();
        // Drop the cached set once the change is visible to the next load.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                cache.invalidate(subject);
            }
        });
    }

    /** When the last command on the policy was given: {@code column} of its row in {@code table}, if it has one. */
    private Optional<Instant> lastCommand(String column, String table, Policy policy) {
        return jdbc.sql("select " + column + " from " + table + " where " + KEY).params(key(policy))
                .query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant);
    }

    /** The values of {@link #KEY}. */
    private static Object[] key(Policy policy) {
        return new Object[] {policy.subject(), policy.resourceType(), policy.action(), policy.resourceId()};
    }
}
