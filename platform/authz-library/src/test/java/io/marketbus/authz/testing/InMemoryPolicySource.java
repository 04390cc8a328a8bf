package io.marketbus.authz.testing;

import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.authz.cache.PolicySource;
import io.marketbus.authz.cache.PolicySourceUnavailableException;
import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.policy.PolicyChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A policy store in memory, playing the authorization service: every change gets the next
 * revision, loads read a consistent snapshot and are counted, the source can be taken down, and
 * one load can be paused right after it read, to force the race between a load and a change.
 */
public final class InMemoryPolicySource implements PolicySource {

    private final Set<Policy> policies = new LinkedHashSet<>(); // guarded by this
    private long revision; // guarded by this
    private final AtomicInteger loads = new AtomicInteger();
    private final Map<String, AtomicInteger> loadsBySubject = new ConcurrentHashMap<>();
    private volatile boolean available = true;
    private final AtomicReference<LoadPause> nextPause = new AtomicReference<>();

    public InMemoryPolicySource(Collection<Policy> initial) {
        policies.addAll(initial);
        revision = initial.isEmpty() ? 0 : 1;
    }

    public InMemoryPolicySource(String... initial) {
        this(List.of(initial).stream().map(Policy::parse).toList());
    }

    public static InMemoryPolicySource ofFixture(String name) {
        return new InMemoryPolicySource(PolicyFixtures.load(name));
    }

    @Override
    public PolicySnapshot load(String subject, Set<String> resourceTypes) {
        loads.incrementAndGet();
        loadsBySubject.computeIfAbsent(subject, s -> new AtomicInteger()).incrementAndGet();
        if (!available) {
            throw new PolicySourceUnavailableException("policy source is down (test)");
        }
        PolicySnapshot snapshot;
        synchronized (this) {
            List<Policy> ofSubject = new ArrayList<>();
            for (Policy policy : policies) {
                if (policy.subject().equals(subject) && resourceTypes.contains(policy.resourceType())) {
                    ofSubject.add(policy);
                }
            }
            snapshot = new PolicySnapshot(ofSubject, revision);
        }
        LoadPause pause = nextPause.getAndSet(null);
        if (pause != null) {
            pause.reachAndWait();
        }
        return snapshot;
    }

    /** Adds {@code policy} at the next revision and returns the change event for it. */
    public synchronized PolicyChange put(String policy) {
        Policy parsed = Policy.parse(policy);
        policies.add(parsed);
        return PolicyChange.put(parsed, ++revision);
    }

    /** Removes {@code policy} at the next revision and returns the change event for it. */
    public synchronized PolicyChange delete(String policy) {
        Policy parsed = Policy.parse(policy);
        policies.remove(parsed);
        return PolicyChange.delete(parsed, ++revision);
    }

    public synchronized long revision() {
        return revision;
    }

    public void goDown() {
        available = false;
    }

    public void comeBack() {
        available = true;
    }

    /** Loads asked for, including failed ones. */
    public int loads() {
        return loads.get();
    }

    public int loads(String subject) {
        AtomicInteger count = loadsBySubject.get(subject);
        return count == null ? 0 : count.get();
    }

    /** The next load reads its snapshot, then waits until the returned pause is released. */
    public LoadPause pauseNextLoad() {
        LoadPause pause = new LoadPause();
        if (!nextPause.compareAndSet(null, pause)) {
            throw new IllegalStateException("a load is already set to pause");
        }
        return pause;
    }

    /** A load held between reading its snapshot and returning it. */
    public static final class LoadPause {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private void reachAndWait() {
            reached.countDown();
            try {
                if (!released.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("paused load was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PolicySourceUnavailableException("interrupted", e);
            }
        }

        /** Waits until the paused load has read its snapshot. */
        public void awaitRead() throws InterruptedException {
            if (!reached.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("no load reached the pause");
            }
        }

        public void release() {
            released.countDown();
        }
    }
}
