package io.marketbus.policies;

import static io.marketbus.support.database.StoredTime.utc;

import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.authz.policy.Policy;
import io.marketbus.contract.events.PolicyUpdated;
import io.marketbus.eventbus.Outbox;
import io.marketbus.eventbus.RetentionHorizons;
import java.time.Duration;
import java.time.Instant;
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
 * (upserting what exists, removing what does not, or a bus command received before the last one
 * applied on that policy) takes no revision and fires nothing. Commands are ordered by authzsvc's
 * receipt (the stream sequence, HTTP changes in commit order), never by the sender's clock.
 */
@Repository
class PolicyStore {

    /** The command sequence of a change over HTTP: it has no place in the stream and applies in commit order. */
    static final long BY_COMMIT = 0;
    /** What names one policy in {@code policies} and {@code policy_removals}; {@link #key} binds it. */
    private static final String KEY = "subject = ? and resource_type = ? and action = ? and resource_id = ?";

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final SubjectPolicies cache;
    /** A removal's tombstone must outlive every copy of an older command the bus may still bring. */
    private final Duration removalsKept;

    PolicyStore(JdbcClient jdbc, Outbox outbox, SubjectPolicies cache, RetentionHorizons horizons) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.cache = cache;
        this.removalsKept = horizons.dedupeRetention();
    }

    /**
     * Grants a policy.
     *
     * @param commandSequence the authzsvc stream sequence of the bus command, or {@link #BY_COMMIT} for
     *                        a change over HTTP (applied in commit order)
     * @return the revision of the change, or empty when nothing changed
     */
    @Transactional
    Optional<Long> upsert(Policy policy, long commandSequence) {
        long revision = lockRevision() + 1;
        if (isDeleted(policy.subject())) {
            throw new SubjectDeleted(policy.subject());
        }
        long last = lastCommandSequence(policy);
        if (isStale(commandSequence, last)) {
            return Optional.empty(); // a newer command on this policy was received and applied first
        }
        long kept = Math.max(commandSequence, last);
        jdbc.sql("delete from policy_removals where " + KEY).params(key(policy)).update();
        int inserted = jdbc.sql("""
                insert into policies (subject, resource_type, action, resource_id, revision, changed_at, command_sequence)
                values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(policy.subject(), policy.resourceType(), policy.action(), policy.resourceId(), revision,
                        utc(Instant.now()), kept)
                .update();
        if (inserted == 0) {
            jdbc.sql("update policies set command_sequence = ? where " + KEY).params(withKey(kept, policy)).update();
            return Optional.empty();
        }
        changed(PolicyUpdated.Method.PUT, policy, revision);
        return Optional.of(revision);
    }

    /**
     * Revokes a policy; {@code commandSequence} as for {@link #upsert}. The removal is remembered with
     * the newest sequence, so an older grant handled later stays without effect.
     *
     * @return the revision of the change, or empty when nothing changed
     */
    @Transactional
    Optional<Long> remove(Policy policy, long commandSequence) {
        long revision = lockRevision() + 1;
        long last = lastCommandSequence(policy);
        if (isStale(commandSequence, last)) {
            return Optional.empty(); // granted again by a newer command that was applied first
        }
        boolean granted = jdbc.sql("select count(*) from policies where " + KEY).params(key(policy))
                .query(Long.class).single() > 0;
        rememberRemoval(policy, Math.max(commandSequence, last));
        if (!granted) {
            return Optional.empty();
        }
        jdbc.sql("delete from policies where " + KEY).params(key(policy)).update();
        changed(PolicyUpdated.Method.DELETE, policy, revision);
        return Optional.of(revision);
    }

    /**
     * The subject's account was deleted: its policies are removed (as {@link #removeAll}) and the
     * subject becomes a tombstone, so no later grant brings it back ({@link SubjectDeleted}).
     */
    @Transactional
    int delete(String subject) {
        int removed = removeAll(subject);
        int marked = jdbc.sql("update policy_subjects set deleted_at = ? where subject = ?")
                .params(utc(Instant.now()), subject).update();
        if (marked == 0) {
            // Never had a change: it gets the current revision (nothing of it was read below that).
            jdbc.sql("insert into policy_subjects (subject, changed_revision, deleted_at) values (?, ?, ?)")
                    .params(subject, currentRevision(), utc(Instant.now())).update();
        }
        return removed;
    }

    /** Removes every policy of a subject as it stands now (commit order), one change (and event) each. */
    @Transactional
    int removeAll(String subject) {
        lockRevision();
        int removed = 0;
        for (Policy policy : read(subject)) {
            if (remove(policy, BY_COMMIT).isPresent()) {
                removed++;
            }
        }
        return removed;
    }

    /** A bus command no newer than the last one applied on the policy; HTTP changes are never stale. */
    private static boolean isStale(long commandSequence, long last) {
        return commandSequence != BY_COMMIT && commandSequence <= last;
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

    /**
     * The store's current revision and the revision of {@code subject}'s last change ({@link
     * Long#MIN_VALUE}: none), read by one statement, so both are of one moment.
     */
    Revisions revisions(String subject) {
        return jdbc.sql("select r.revision, s.changed_revision from policy_revision r"
                        + " left join policy_subjects s on s.subject = ? where r.id = 1")
                .param(subject)
                .query((rs, n) -> {
                    long changed = rs.getLong(2);
                    return new Revisions(rs.getLong(1), rs.wasNull() ? Long.MIN_VALUE : changed);
                })
                .single();
    }

    /** What {@link #revisions} reads. */
    record Revisions(long current, long subjectChanged) {}

    boolean isDeleted(String subject) {
        return jdbc.sql("select count(*) from policy_subjects where subject = ? and deleted_at is not null")
                .param(subject).query(Long.class).single() > 0;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    @Transactional
    public void forgetOldRemovals() {
        jdbc.sql("delete from policy_removals where removed_at < ?").param(utc(Instant.now().minus(removalsKept))).update();
    }

    private List<Policy> read(String subject) {
        return jdbc.sql("""
                select subject, action, resource_type, resource_id from policies where subject = ?
                order by resource_type, action, resource_id""")
                .param(subject)
                .query((rs, n) -> new Policy(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    private void rememberRemoval(Policy policy, long commandSequence) {
        jdbc.sql("delete from policy_removals where " + KEY).params(key(policy)).update();
        jdbc.sql("""
                insert into policy_removals (subject, resource_type, action, resource_id, removed_at, command_sequence)
                values (?, ?, ?, ?, ?, ?)""")
                .params(policy.subject(), policy.resourceType(), policy.action(), policy.resourceId(),
                        utc(Instant.now()), commandSequence)
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
        // Serialised by the revision lock, so update-then-insert cannot race.
        if (jdbc.sql("update policy_subjects set changed_revision = ? where subject = ?")
                .params(revision, policy.subject()).update() == 0) {
            jdbc.sql("insert into policy_subjects (subject, changed_revision) values (?, ?)")
                    .params(policy.subject(), revision).update();
        }
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

    /** The sequence of the newest bus command applied on the policy, granted or removed (0: none). */
    private long lastCommandSequence(Policy policy) {
        long granted = jdbc.sql("select command_sequence from policies where " + KEY).params(key(policy))
                .query(Long.class).optional().orElse(0L);
        long removed = jdbc.sql("select command_sequence from policy_removals where " + KEY).params(key(policy))
                .query(Long.class).optional().orElse(0L);
        return Math.max(granted, removed);
    }

    /** {@code value} followed by the values of {@link #KEY}. */
    private static Object[] withKey(Object value, Policy policy) {
        return new Object[] {value, policy.subject(), policy.resourceType(), policy.action(), policy.resourceId()};
    }

    /** The values of {@link #KEY}. */
    private static Object[] key(Policy policy) {
        return new Object[] {policy.subject(), policy.resourceType(), policy.action(), policy.resourceId()};
    }
}
