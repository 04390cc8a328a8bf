package io.marketbus.benchmarks.authz;

import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.benchmarks.authz.CasbinAcl.Shape;
import io.marketbus.benchmarks.authz.PolicyWorkload.Listing;
import io.marketbus.benchmarks.authz.PolicyWorkload.Request;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cached checks and listings against jCasbin on the same 10,000 policies of 1,000 subjects. Every
 * subject is cached before measuring: "allowed" is a cache hit that a policy grants, "denied" a
 * cache hit that nothing grants; jCasbin's caching enforcers hold the decision of every request of
 * the cycle ({@link CasbinAcl#prime}), so theirs are hits too. The authorizers are shared by the benchmark's threads (a run
 * with 2 threads measures concurrent hits); each thread cycles through pre-built requests of its own,
 * so building them is not measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuthzBenchmarks {

    static final int REQUESTS = 4096; // a power of two: the cursor wraps with a mask

    /** Our cache, every subject loaded. */
    @State(Scope.Benchmark)
    public static class Ours {
        CachingAuthorizer authorizer;

        @Setup(Level.Trial)
        public void setUp() {
            PolicyWorkload workload = PolicyWorkload.generate();
            authorizer = CachingAuthorizer.builder(workload.source(), PolicyWorkload.ownedTypes()).maximumSubjects(10_000).build();
            for (String subject : workload.subjects()) {
                authorizer.warmUp(subject).join();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            authorizer.close();
        }
    }

    /** jCasbin in one shape; only the shapes a benchmark uses are built. */
    abstract static class Casbin {
        CasbinAcl acl;

        void build(Shape shape) {
            PolicyWorkload workload = PolicyWorkload.generate();
            acl = new CasbinAcl(shape, workload.policies());
            // The cycle every thread asks (threads start apart in it); drawn in the order Cursor draws them.
            acl.prime(workload.allowedRequests(REQUESTS), workload.deniedRequests(REQUESTS));
        }
    }

    @State(Scope.Benchmark)
    public static class Plain extends Casbin {
        @Setup(Level.Trial)
        public void setUp() {
            build(Shape.PLAIN);
        }
    }

    @State(Scope.Benchmark)
    public static class Cached extends Casbin {
        @Setup(Level.Trial)
        public void setUp() {
            build(Shape.CACHED);
        }
    }

    @State(Scope.Benchmark)
    public static class SyncedCached extends Casbin {
        @Setup(Level.Trial)
        public void setUp() {
            build(Shape.SYNCED_CACHED);
        }
    }

    @State(Scope.Benchmark)
    public static class PerSubject extends Casbin {
        @Setup(Level.Trial)
        public void setUp() {
            build(Shape.PER_SUBJECT);
        }
    }

    /** Each thread's own requests, and where it is in them. */
    @State(Scope.Thread)
    public static class Cursor {
        private static final AtomicInteger THREADS = new AtomicInteger();
        Request[] allowed;
        Request[] denied;
        Listing[] listings;
        int at;

        @Setup(Level.Trial)
        public void setUp() {
            PolicyWorkload workload = PolicyWorkload.generate();
            allowed = workload.allowedRequests(REQUESTS);
            denied = workload.deniedRequests(REQUESTS);
            listings = workload.listings(REQUESTS);
            at = THREADS.getAndIncrement() * (REQUESTS / 2) & (REQUESTS - 1); // threads start apart in the cycle
        }

        int next() {
            at = (at + 1) & (REQUESTS - 1);
            return at;
        }

        Request allowed() {
            return allowed[next()];
        }

        Request denied() {
            return denied[next()];
        }

        Listing listing() {
            return listings[next()];
        }
    }

    private static boolean check(CasbinAcl acl, Request r) {
        return acl.check(r.subject(), r.action(), r.resourceType(), r.resourceId());
    }

    private static boolean check(CachingAuthorizer ours, Request r) {
        return ours.check(r.subject(), r.action(), r.resourceType(), r.resourceId());
    }

    @Benchmark
    public boolean oursCheckAllowed(Ours ours, Cursor c) {
        return check(ours.authorizer, c.allowed());
    }

    @Benchmark
    public boolean oursCheckDenied(Ours ours, Cursor c) {
        return check(ours.authorizer, c.denied());
    }

    @Benchmark
    public VisibleIds oursVisibleIds(Ours ours, Cursor c) {
        Listing l = c.listing();
        return ours.authorizer.visibleIds(l.subject(), l.action(), l.resourceType());
    }

    @Benchmark
    public boolean casbinCheckAllowed(Plain casbin, Cursor c) {
        return check(casbin.acl, c.allowed());
    }

    @Benchmark
    public boolean casbinCheckDenied(Plain casbin, Cursor c) {
        return check(casbin.acl, c.denied());
    }

    @Benchmark
    public VisibleIds casbinVisibleIds(Plain casbin, Cursor c) {
        Listing l = c.listing();
        return casbin.acl.visibleIds(l.subject(), l.action(), l.resourceType());
    }

    @Benchmark
    public boolean cachedCheckAllowed(Cached casbin, Cursor c) {
        return check(casbin.acl, c.allowed());
    }

    @Benchmark
    public boolean cachedCheckDenied(Cached casbin, Cursor c) {
        return check(casbin.acl, c.denied());
    }

    @Benchmark
    public boolean syncedCachedCheckAllowed(SyncedCached casbin, Cursor c) {
        return check(casbin.acl, c.allowed());
    }

    @Benchmark
    public boolean syncedCachedCheckDenied(SyncedCached casbin, Cursor c) {
        return check(casbin.acl, c.denied());
    }

    @Benchmark
    public boolean perSubjectCheckAllowed(PerSubject casbin, Cursor c) {
        return check(casbin.acl, c.allowed());
    }

    @Benchmark
    public boolean perSubjectCheckDenied(PerSubject casbin, Cursor c) {
        return check(casbin.acl, c.denied());
    }

    @Benchmark
    public VisibleIds perSubjectVisibleIds(PerSubject casbin, Cursor c) {
        Listing l = c.listing();
        return casbin.acl.visibleIds(l.subject(), l.action(), l.resourceType());
    }
}
