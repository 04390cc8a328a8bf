package io.marketbus.authz.cache;

import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.policy.PolicyIndex;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads subjects' policies from the {@link PolicySource}: first loads, which concurrent misses of
 * one subject share, and background refreshes of installed entries. Every read goes through
 * {@link RevisionGate#floor(String)} and {@link SubjectEntry#install}, so neither a read that missed
 * changes nor a lagging one is installed.
 */
final class SubjectLoader {

    /** One logger for the whole cache: operators configure {@code CachingAuthorizer}. */
    private static final Logger log = LoggerFactory.getLogger(CachingAuthorizer.class);

    private final CacheSettings settings;
    private final ConcurrentHashMap<String, SubjectEntry> entries;
    private final ConcurrentHashMap<String, SubjectEntry> loading;
    private final RevisionGate revisions;
    private final CoarseClock clock;
    private final CacheCounters counters;
    private final DeletedSubjects deleted;

    SubjectLoader(CacheSettings settings, ConcurrentHashMap<String, SubjectEntry> entries,
            ConcurrentHashMap<String, SubjectEntry> loading, RevisionGate revisions, CoarseClock clock,
            CacheCounters counters, DeletedSubjects deleted) {
        this.deleted = deleted;
        this.settings = settings;
        this.entries = entries;
        this.loading = loading;
        this.revisions = revisions;
        this.clock = clock;
        this.counters = counters;
    }

    /**
     * Loads {@code subject}, or joins the load another thread runs, and returns the installed entry.
     *
     * @throws AuthorizationUnavailableException when the load fails, or is superseded {@value
     *     CachingAuthorizer#MAX_LOAD_ATTEMPTS} times in a row
     */
    SubjectEntry load(String subject) {
        SubjectEntry fresh = new SubjectEntry(subject);
        SubjectEntry inFlight = loading.putIfAbsent(subject, fresh);
        if (inFlight != null) {
            return inFlight.awaitFirstLoad();
        }
        try {
            // Another thread may have finished loading between our miss and our registration.
            SubjectEntry cached = entries.get(subject);
            if (cached != null && cached.index != null) {
                fresh.completeFirstLoad(cached);
                return cached;
            }
            boolean resetDone = false;
            for (int attempt = 1; attempt <= CachingAuthorizer.MAX_LOAD_ATTEMPTS; attempt++) {
                long floor = revisions.floor(subject);
                long readAt = settings.ticker().read();
                Snapshot read = read(subject);
                if (read.revision() < floor && attempt == CachingAuthorizer.MAX_LOAD_ATTEMPTS && !resetDone) {
                    // Every read fell short of a revision received: it is unreachable, and refusing
                    // every load until a restart would lock the cache. Start over, once, and read again.
                    revisions.resetUnreachableFloor(subject, floor, read.revision());
                    // The reset marked this load stale too; the next read starts after it, so it is not.
                    fresh.readAgain();
                    resetDone = true;
                    attempt--;
                    continue;
                }
                synchronized (fresh) {
                    // Install and publish under the entry's lock: a change either finds the entry still
                    // loading (and is applied on top of the read) or finds it in the cache.
                    if (read.revision() >= floor
                            && fresh.install(read.index(), read.revision(), readAt, settings.refreshAfterNanos())) {
                        fresh.accessedAt = clock.now();
                        entries.put(subject, fresh);
                        fresh.completeFirstLoad(fresh);
                        return fresh;
                    }
                }
                log.debug("load of subject {} was superseded, reading again", subject);
            }
            throw new AuthorizationUnavailableException(
                    "policies of subject " + subject + " were invalidated during "
                            + CachingAuthorizer.MAX_LOAD_ATTEMPTS + " loads in a row");
        } catch (RuntimeException e) {
            fresh.failFirstLoad(e);
            throw e;
        } finally {
            loading.remove(subject, fresh);
        }
    }

    /** Starts a background refresh of {@code entry} unless one is in flight or it was dropped. */
    void startRefresh(SubjectEntry entry) {
        if (!entry.beginReload()) {
            return;
        }
        try {
            settings.executor().execute(() -> refresh(entry));
        } catch (RejectedExecutionException e) {
            entry.abortLoad();
            log.debug("refresh of subject {} was not started", entry.subject(), e);
        }
    }

    /**
     * Reloads an entry in place. On failure the entry keeps serving its policies, and the staleness
     * bound runs on from the last successful load.
     */
    private void refresh(SubjectEntry entry) {
        String subject = entry.subject();
        long floor = revisions.floor(subject);
        long readAt = settings.ticker().read();
        long retryAt = readAt + settings.refreshAfterNanos();
        Snapshot read;
        try {
            read = read(subject);
        } catch (RuntimeException e) {
            entry.refreshFailed(retryAt);
            log.debug("refresh of subject {} failed; serving the cached policies", subject, e);
            return;
        }
        if (read.revision() < floor
                || !entry.install(read.index(), read.revision(), readAt, settings.refreshAfterNanos())) {
            // Superseded (gap, invalidation, lagging read): keep what the entry has, try again later.
            entry.refreshFailed(retryAt);
            log.debug("refresh of subject {} was superseded", subject);
        }
    }

    /**
     * The subject's policies read from the source now, installed nowhere: a partitioned cache
     * decides by these ({@link UpdateLink}).
     */
    PolicyIndex readThrough(String subject) {
        return read(subject).index();
    }

    /**
     * Reads and indexes the subject's policies; any failure is "unavailable", never "allow". A
     * deleted subject is not read: it has none, whatever a source that missed the deletion says.
     */
    private Snapshot read(String subject) {
        if (deleted.contains(subject)) {
            return new Snapshot(PolicyIndex.of(subject, settings.ownedTypes(), java.util.List.of()),
                    Math.max(revisions.floor(subject), revisions.received()));
        }
        long start = settings.ticker().read();
        try {
            PolicySnapshot snapshot = settings.source().load(subject, settings.ownedTypes());
            if (snapshot == null) {
                throw new PolicySourceUnavailableException("policy source returned no snapshot");
            }
            PolicyIndex index = PolicyIndex.of(subject, settings.ownedTypes(), snapshot.policies());
            counters.loadSuccesses.increment();
            counters.totalLoadNanos.add(settings.ticker().read() - start);
            return new Snapshot(index, snapshot.revision());
        } catch (RuntimeException e) {
            counters.loadFailures.increment();
            counters.totalLoadNanos.add(settings.ticker().read() - start);
            throw new AuthorizationUnavailableException(
                    "policies of subject " + subject + " are unavailable: " + e.getMessage(), e);
        }
    }

    private record Snapshot(PolicyIndex index, long revision) {}
}
