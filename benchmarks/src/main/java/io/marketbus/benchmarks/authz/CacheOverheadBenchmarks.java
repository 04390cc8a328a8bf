package io.marketbus.benchmarks.authz;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.marketbus.authz.policy.PolicyIndex;
import io.marketbus.benchmarks.authz.PolicyWorkload.Request;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Where the time of a cached check goes: the same allowed checks through a plain map and through
 * Caffeine with each feature the cache uses. Not part of the main run; run it with {@code
 * org.openjdk.jmh.Main CacheOverhead} (see README.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheOverheadBenchmarks {

    private static final int REQUESTS = 4096;

    private final Map<String, PolicyIndex> hashMap = new HashMap<>();
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
        for (Cache<String, PolicyIndex> cache :
                new Cache[] {sizeBounded, withStats, expireAfterWrite, expireAfterAccess}) {
            cache.putAll(hashMap);
        }
        allowed = workload.allowedRequests(REQUESTS);
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
