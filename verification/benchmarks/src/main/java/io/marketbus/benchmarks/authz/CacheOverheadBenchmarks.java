package io.marketbus.benchmarks.authz;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.authz.policy.PolicyIndex;
import io.marketbus.benchmarks.authz.PolicyWorkload.Request;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Where the time of a cached check goes: the same allowed checks through a plain map, a concurrent
 * map, the cache itself, and (for comparison with the previous design) Caffeine with each feature
 * the cache used to take from it. Not part of the main run; run it with {@code org.openjdk.jmh.Main
 * CacheOverhead} (see README.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheOverheadBenchmarks {

    private static final int REQUESTS = 4096;

    private final Map<String, PolicyIndex> hashMap = new HashMap<>();
    private final Map<String, PolicyIndex> concurrentMap = new ConcurrentHashMap<>();
    private CachingAuthorizer cache;
    private Request[] denied;
    private Request[] allowedFreshStrings;
    private Cache<String, PolicyIndex> sizeBounded;
    private Cache<String, PolicyIndex> withStats;
    private Cache<String, PolicyIndex> expireAfterWrite;
    private Cache<String, PolicyIndex> expireAfterAccess;
    private Request[] allowed;
    private int cursor;

    @Setup
    public void setUp() {
        PolicyWorkload workload = PolicyWorkload.generate();
        for (String subject : workload.subjects()) {
            hashMap.put(
                    subject,
                    PolicyIndex.of(
                            subject,
                            PolicyWorkload.ownedTypes(),
                            workload.source().load(subject, PolicyWorkload.ownedTypes()).policies()));
        }
        sizeBounded = Caffeine.newBuilder().maximumSize(10_000).build();
        withStats = Caffeine.newBuilder().maximumSize(10_000).recordStats().build();
        expireAfterWrite =
                Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(30)).build();
        expireAfterAccess =
                Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(30)).build();
        for (Cache<String, PolicyIndex> caffeine :
                new Cache[] {sizeBounded, withStats, expireAfterWrite, expireAfterAccess}) {
            caffeine.putAll(hashMap);
        }
        concurrentMap.putAll(hashMap);
        cache = CachingAuthorizer.builder(workload.source(), PolicyWorkload.ownedTypes())
                .maximumSubjects(10_000)
                .build();
        for (String subject : workload.subjects()) {
            cache.warmUp(subject).join();
        }
        allowed = workload.allowedRequests(REQUESTS);
        denied = workload.deniedRequests(REQUESTS);
        // As a service sees them: strings parsed from the request, never the policies' instances.
        allowedFreshStrings = new Request[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            Request r = allowed[i];
            allowedFreshStrings[i] = new Request(
                    new String(r.subject()), new String(r.action()), new String(r.resourceType()),
                    new String(r.resourceId()));
        }
    }

    @TearDown
    public void tearDown() {
        cache.close();
    }

    private Request next() {
        cursor = (cursor + 1) & (REQUESTS - 1);
        return allowed[cursor];
    }

    private static boolean check(PolicyIndex index, Request r) {
        return index.allows(r.action(), r.resourceType(), r.resourceId());
    }

    @Benchmark
    public boolean indexInAHashMap() {
        Request r = next();
        return check(hashMap.get(r.subject()), r);
    }

    @Benchmark
    public boolean indexInAConcurrentHashMap() {
        Request r = next();
        return check(concurrentMap.get(r.subject()), r);
    }

    @Benchmark
    public boolean deniedIndexInAConcurrentHashMap() {
        Request r = denied[cursor = (cursor + 1) & (REQUESTS - 1)];
        return check(concurrentMap.get(r.subject()), r);
    }

    @Benchmark
    public boolean cachingAuthorizer() {
        Request r = next();
        return cache.check(r.subject(), r.action(), r.resourceType(), r.resourceId());
    }

    @Benchmark
    public boolean cachingAuthorizerDenied() {
        Request r = denied[cursor = (cursor + 1) & (REQUESTS - 1)];
        return cache.check(r.subject(), r.action(), r.resourceType(), r.resourceId());
    }

    @Benchmark
    public boolean cachingAuthorizerFreshStrings() {
        Request r = allowedFreshStrings[cursor = (cursor + 1) & (REQUESTS - 1)];
        return cache.check(r.subject(), r.action(), r.resourceType(), r.resourceId());
    }

    @Benchmark
    public boolean caffeineSizeBounded() {
        Request r = next();
        return check(sizeBounded.getIfPresent(r.subject()), r);
    }

    @Benchmark
    public boolean caffeineWithStats() {
        Request r = next();
        return check(withStats.getIfPresent(r.subject()), r);
    }

    @Benchmark
    public boolean caffeineExpireAfterWrite() {
        Request r = next();
        return check(expireAfterWrite.getIfPresent(r.subject()), r);
    }

    @Benchmark
    public boolean caffeineExpireAfterAccess() {
        Request r = next();
        return check(expireAfterAccess.getIfPresent(r.subject()), r);
    }

    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }
}
