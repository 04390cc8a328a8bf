package io.marketbus.authz.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.marketbus.authz.policy.PolicyChange;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies policy changes by revision, and invalidations. A change newer than an entry is applied to
 * it, an older or equal one is already reflected; a change of a subject that is loading is applied
 * on top of what the load read. A gap in the revisions (lost events) drops every entry older than
 * the change that revealed it and redoes the loads in flight.
 *
 * <p>It also gives loads their floor: a read of a subject older than a change of that subject
 * already received, or older than a gap (the lost changes may be anyone's), is never installed (a
 * lagging replica). The floor is per subject because a read's revision is the revision the
 * subject's policies were read at, which may be long before other subjects' later changes
 * (authzsvc answers from its own cache of unchanged subjects).
 *
 * <p>A floor the store's reads never reach (a forged or corrupt revision, say 2^63-1) would refuse
 * every load: {@link #resetUnreachableFloor} starts over instead.
 */
final class RevisionGate {

    private static final Logger log = LoggerFactory.getLogger(CachingAuthorizer.class);

    /** No change applied yet: the first change cannot be checked for a gap. */
    private static final long NO_REVISION = Long.MIN_VALUE;

    /** Subjects whose last received change is remembered as their floor, at most. */
    static final long REMEMBERED_SUBJECTS = 100_000;

    /**
     * How long a subject's last change is its floor: far longer than a policy store replica takes
     * to apply a change it has been sent.
     */
    static final Duration SUBJECT_FLOOR_KEPT = Duration.ofMinutes(10);

    private final ConcurrentHashMap<String, SubjectEntry> entries;
    private final ConcurrentHashMap<String, SubjectEntry> loading;
    private final AtomicLong lastAppliedRevision = new AtomicLong(NO_REVISION);
    /** The change that revealed the last gap: every read must reach it. */
    private final AtomicLong gapFloor = new AtomicLong(NO_REVISION);
    /** Subject -> the revision of its last change received. */
    private final Cache<String, Long> subjectFloors;
    private final LongAdder resets = new LongAdder();
    private final DeletedSubjects deleted;

    /**
     * @param entries the installed entries; @param loading the first loads in flight (both shared with the loader)
     * @param deleted subjects whose grants are never applied
     */
    RevisionGate(ConcurrentHashMap<String, SubjectEntry> entries, ConcurrentHashMap<String, SubjectEntry> loading,
            DeletedSubjects deleted) {
        this.entries = entries;
        this.loading = loading;
        this.deleted = deleted;
        this.subjectFloors = Caffeine.newBuilder()
                .maximumSize(REMEMBERED_SUBJECTS)
                .expireAfterWrite(SUBJECT_FLOOR_KEPT)
                .build();
    }

    /** The highest revision received. */
    long received() {
        return lastAppliedRevision.get();
    }

    /** What a read of {@code subject} must reach to be installed. */
    long floor(String subject) {
        Long last = subjectFloors.getIfPresent(subject);
        return Math.max(gapFloor.get(), last == null ? NO_REVISION : last);
    }

    void apply(PolicyChange change) {
        long revision = change.revision();
        String subject = change.subject();
        subjectFloors.asMap().merge(subject, revision, Math::max);
        long previous = lastAppliedRevision.getAndAccumulate(revision, Math::max);
        // (revision - 1 > previous, not revision > previous + 1: after an impossible 2^63-1 that overflows.)
        if (previous == NO_REVISION || (revision > previous && revision - 1 > previous)) {
            // Nothing before this change was seen (start-up) or some were lost: entries that may not
            // reflect the missing changes go.
            if (previous != NO_REVISION) {
                log.warn(
                        "policy revisions {}..{} were not received; dropping entries older than {}",
                        previous + 1, revision - 1, revision);
                gapFloor.accumulateAndGet(revision, Math::max);
            }
            dropEntriesOlderThan(revision);
        }
        if (change.method() == PolicyChange.Method.PUT && deleted.contains(subject)) {
            // Deletion is final: a grant of a deleted subject is counted (revisions, gaps) but not applied.
            log.warn("ignoring a grant of deleted subject {} at revision {}", subject, revision);
            return;
        }
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
     * The store's reads of {@code subject} stay below {@code floor}: the revision is impossible (a
     * forged or corrupt event) or a replica lags far behind. Waiting cannot help, so the cache
     * starts over from what the store says: every entry (one may have applied the impossible change,
     * and would ignore every genuine change after it) and load in flight is dropped, every floor is
     * forgotten, and the next change is taken as the first. False when another thread has reset it
     * meanwhile; the caller simply reads again.
     */
    synchronized boolean resetUnreachableFloor(String subject, long floor, long storeRevision) {
        if (floor(subject) < floor) {
            return false;
        }
        log.error("policy revision {} was received but the policy store reads {} for subject {}: resetting the policy cache",
                floor, storeRevision, subject);
        resets.increment();
        subjectFloors.invalidateAll();
        gapFloor.set(NO_REVISION);
        lastAppliedRevision.set(NO_REVISION);
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
