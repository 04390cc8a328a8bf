package io.marketbus.authz.cache;

import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.policy.PolicyChange;
import io.marketbus.authz.policy.PolicyIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One subject's cached policies. The same object is registered as "loading" before its policies
 * are read and then installed in the cache, and refreshes update it in place; so a change always
 * finds the one object that will serve checks, with no window between "load finished" and "entry
 * visible" in which a change could be lost.
 *
 * <p>Checks read {@link #index} and {@link #accessedAt} without locking, and write {@code
 * accessedAt} only when the sweeper's clock has moved since. The sweeper reads the timestamps
 * without locking too; everything else is guarded by {@code this}.
 */
final class SubjectEntry {

    private final String subject;

    /** Null until the first load is installed. Read by checks without locking. */
    volatile PolicyIndex index;

    /**
     * The sweeper's clock ({@code CachingAuthorizer.now}) at the last check: coarse, so that most
     * checks find it current and write nothing.
     */
    volatile long accessedAt;

    /** Ticker time of the last successful load or refresh: the staleness bound runs from here. */
    private volatile long loadedAt;

    /** Ticker time from which the sweeper may start a refresh (after a success or a failure). */
    private volatile long refreshDueAt;

    private long revision = Long.MIN_VALUE;

    /**
     * Non-null while a load (first or refresh) is in flight: the changes that arrived meanwhile, in
     * arrival order, to be applied on top of what the load read.
     */
    private List<PolicyChange> pendingChanges = new ArrayList<>();

    /** The in-flight load may have missed changes (gap, invalidation): its result is discarded. */
    private boolean loadStale;

    /** Dropped from the cache: nothing may be installed any more. */
    private boolean retired;

    private final CompletableFuture<SubjectEntry> firstLoad = new CompletableFuture<>();

    SubjectEntry(String subject) {
        this.subject = subject;
    }

    String subject() {
        return subject;
    }

    PolicyIndex index() {
        return index;
    }

    synchronized long revision() {
        return revision;
    }

    long loadedAt() {
        return loadedAt;
    }

    long refreshDueAt() {
        return refreshDueAt;
    }

    /**
     * Starts a refresh of an installed entry; false when a load is already in flight or the entry
     * was dropped.
     */
    synchronized boolean beginReload() {
        if (pendingChanges != null || retired) {
            return false;
        }
        pendingChanges = new ArrayList<>();
        loadStale = false;
        return true;
    }

    /** A refresh failed: the entry keeps serving, and the next attempt is due at {@code dueAt}. */
    synchronized void refreshFailed(long dueAt) {
        pendingChanges = null;
        loadStale = false;
        refreshDueAt = dueAt;
    }

    /**
     * Installs what a load read (started at ticker time {@code readAt}), with the changes that arrived during the load applied on top.
     * Returns false, installing nothing, when the load was marked stale, the entry was retired, or
     * the read is older than what the entry already reflects; the caller then reads again or gives
     * up. A first load stays "in flight" after false so that changes keep being collected.
     */
    synchronized boolean install(PolicyIndex loaded, long loadedRevision, long readAt, long refreshAfter) {
        if (retired || loadStale) {
            loadStale = false;
            return false;
        }
        PolicyIndex next = loaded;
        long nextRevision = loadedRevision;
        for (PolicyChange change : pendingChanges) {
            if (change.revision() > nextRevision) {
                next = next.applying(change);
                nextRevision = change.revision();
            }
        }
        if (index != null && nextRevision < revision) {
            // A lagging read: installing it would undo changes this entry already applied.
            return false;
        }
        pendingChanges = null;
        index = next;
        revision = nextRevision;
        loadedAt = readAt;
        refreshDueAt = readAt + refreshAfter;
        return true;
    }

    /** The in-flight load reads again from scratch: what made it stale happened before that read. */
    synchronized void readAgain() {
        loadStale = false;
        pendingChanges = new ArrayList<>();
    }

    /** Ends an in-flight load that will not be installed. */
    synchronized void abortLoad() {
        pendingChanges = null;
        loadStale = false;
    }

    /**
     * Applies {@code change} if it is newer than what this entry reflects, and remembers it for an
     * in-flight load.
     */
    synchronized void apply(PolicyChange change) {
        if (pendingChanges != null) {
            pendingChanges.add(change);
        }
        if (index != null && change.revision() > revision) {
            index = index.applying(change);
            revision = change.revision();
        }
    }

    /** The in-flight load, if any, must not be installed. */
    synchronized void markLoadStale() {
        if (pendingChanges != null) {
            loadStale = true;
        }
    }

    /** This entry is being dropped: no load may install into it any more. */
    synchronized void retire() {
        retired = true;
        markLoadStale();
    }

    /**
     * Retires this entry if it reflects less than {@code minimumRevision} (it may have missed a
     * lost change); otherwise only marks an in-flight refresh stale, as its read may predate it.
     */
    synchronized boolean retireIfOlderThan(long minimumRevision) {
        if (revision < minimumRevision) {
            retire();
            return true;
        }
        markLoadStale();
        return false;
    }

    void completeFirstLoad(SubjectEntry loaded) {
        firstLoad.complete(loaded);
    }

    void failFirstLoad(RuntimeException failure) {
        firstLoad.completeExceptionally(failure);
    }

    /** Waits for the first load that another thread runs, and returns the entry that serves. */
    SubjectEntry awaitFirstLoad() {
        try {
            return firstLoad.get();
        } catch (ExecutionException e) {
            // A new exception, so the stack trace shows this waiting thread; the cause shows the loader.
            throw new AuthorizationUnavailableException(
                    "policies of subject " + subject + " could not be loaded", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthorizationUnavailableException(
                    "interrupted while waiting for the policies of subject " + subject, e);
        }
    }
}
