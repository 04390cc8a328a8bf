package io.marketbus.benchmarks.authz;

import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.benchmarks.authz.PolicyWorkload.Listing;
import io.marketbus.benchmarks.authz.PolicyWorkload.Request;
import java.util.concurrent.TimeUnit;
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
 * cache hit that nothing grants. Requests cycle through pre-built arrays so that building them is
 * not measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuthzBenchmarks {

    private static final int REQUESTS = 4096; // a power of two: the cursor wraps with a mask

    private CachingAuthorizer ours;
    private CasbinAcl casbin;
    private Request[] allowed;
    private Request[] denied;
    private Listing[] listings;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        PolicyWorkload workload = PolicyWorkload.generate();
        ours =
                CachingAuthorizer.builder(workload.source(), PolicyWorkload.ownedTypes())
                        .maximumSubjects(10_000)
                        .build();
        for (String subject : workload.subjects()) {
            ours.warmUp(subject).join();
        }
        casbin = new CasbinAcl(workload.policies());
        allowed = workload.allowedRequests(REQUESTS);
        denied = workload.deniedRequests(REQUESTS);
        listings = workload.listings(REQUESTS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ours.close();
    }

    private int next() {
        cursor = (cursor + 1) & (REQUESTS - 1);
        return cursor;
    }

    @Benchmark
    public boolean oursCheckAllowed() {
        Request r = allowed[next()];
        return ours.check(r.subject(), r.action(), r.resourceType(), r.resourceId());
    }

    @Benchmark
    public boolean oursCheckDenied() {
        Request r = denied[next()];
        return ours.check(r.subject(), r.action(), r.resourceType(), r.resourceId());
    }

    @Benchmark
    public VisibleIds oursVisibleIds() {
        Listing l = listings[next()];
        return ours.visibleIds(l.subject(), l.action(), l.resourceType());
    }

    @Benchmark
    public boolean casbinCheckAllowed() {
        Request r = allowed[next()];
        return casbin.check(r.subject(), r.action(), r.resourceType(), r.resourceId());
    }

    @Benchmark
    public boolean casbinCheckDenied() {
        Request r = denied[next()];
        return casbin.check(r.subject(), r.action(), r.resourceType(), r.resourceId());
    }

    @Benchmark
    public VisibleIds casbinVisibleIds() {
        Listing l = listings[next()];
        return casbin.visibleIds(l.subject(), l.action(), l.resourceType());
    }
}
