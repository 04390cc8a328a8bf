package io.marketbus.authz.cache;

import io.marketbus.authz.policy.PolicyChange;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies policy changes by revision, and invalidations. A change newer than an entry is applied to
 * it, an older or equal one is already reflected; a change of a subject that is loading is applied
 * on top of what the load read. A gap in the revisions (lost events) drops every entry older than
 * the change that revealed it and redoes the loads in flight.
 *
 * <p>It also gives loads their floor: a read older than a change already received is never
 * installed (a lagging replica).
 */
final class RevisionGate {

    private static final Logger log = LoggerFactory.getLogger(CachingAuthorizer.class);

    /** No change applied yet: the first change cannot be checked for a gap. */
    private static final long NO_REVISION = Long.MIN_VALUE;

    private final ConcurrentHashMap<String, SubjectEntry> entries;
    private final ConcurrentHashMap<String, SubjectEntry> loading;
    private final AtomicLong lastAppliedRevision = new AtomicLong(NO_REVISION);
    private final java.util.concurrent.atomic.LongAdder resets = new java.util.concurrent.atomic.LongAdder();

    /** @param entries the installed entries; @param loading the first loads in flight (both shared with the loader) */
    RevisionGate(ConcurrentHashMap<String, SubjectEntry> entries, ConcurrentHashMap<String, SubjectEntry> loading) {
        this.entries = entries;
        this.loading = loading;
    }

    /** The highest revision received: a load must read at least this one to be installed. */
    long floor() {
        return lastAppliedRevision.get();
    }

    void apply(PolicyChange change) {
        long revision = change.revision();
        long previous = lastAppliedRevision.getAndAccumulate(revision, Math::max);
        if (previous == NO_REVISION || revision > previous + 1) {
            // Nothing before this change was seen (start-up) or some were lost: entries that may not
            // reflect the missing changes go.
            if (previous != NO_REVISION) {
                log.warn(
                        "policy revisions {}..{} were not received; dropping entries older than {}",
                        previous + 1, revision - 1, revision);
            }
            dropEntriesOlderThan(revision);
        }
        String subject = change.subject();
        SubjectEntry inFlight = loading.get(subject);
        if (inFlight != null) {
            inFlight.apply(change);
        }
        // Looked up after the loading map: an entry leaves "loading" only once it is in the cache.
        SubjectEntry cached = entries.get(subject);
        if (cached != null && cached != inFlight) {
            cached.apply(change);
        }
    }

    /**
     * The store's reads stay below {@code floor}, a revision this gate received: it is impossible
     * (a forged or corrupt event) or a replica lags far behind. Either way waiting cannot help, so
     * the cache starts over from what the store says: every entry (one may have applied the
     * impossible change, and would ignore every genuine change after it) and load in flight is
     * dropped, and the received revision becomes {@code storeRevision}. False when another thread
     * has reset it meanwhile (the floor is no longer {@code floor}); the caller simply reads again.
     */
    boolean resetUnreachableFloor(long floor, long storeRevision) {
        if (!lastAppliedRevision.compareAndSet(floor, storeRevision)) {
            return false;
        }
        log.error("policy revision {} was received but the policy store reads {}: resetting the policy cache",
                floor, storeRevision);
        resets.increment();
        invalidateAll();
        return true;
    }

    /** How often an unreachable revision reset the cache. */
    long resets() {
        return resets.sum();
    }

    void invalidate(String subject) {
        SubjectEntry inFlight = loading.get(subject);
        if (inFlight != null) {
            inFlight.markLoadStale();
        }
        SubjectEntry cached = entries.get(subject);
        if (cached != null) {
            cached.retire();
            entries.remove(subject, cached);
        }
    }

    void invalidateAll() {
        loading.values().forEach(SubjectEntry::markLoadStale);
        // Entries installed by loads that were past the loop above are in the map by now.
        for (Map.Entry<String, SubjectEntry> cached : entries.entrySet()) {
            cached.getValue().retire();
            entries.remove(cached.getKey(), cached.getValue());
        }
    }

    private void dropEntriesOlderThan(long revision) {
        loading.values().forEach(SubjectEntry::markLoadStale);
        entries.values().removeIf(entry -> entry.retireIfOlderThan(revision));
    }
}
