package io.marketbus.authz.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.testing.InMemoryPolicySource;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Randomized interleavings of checks, loads (forced by invalidation) and a revocation: once
 * {@code apply} of the revocation has returned, no check may allow the revoked policy.
 */
class RevocationStressUnitTests {

    private static final int ROUNDS = 150;

    @AutoClose("shutdownNow")
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    @Test
    void noCheckAllowsARevokedPolicyAfterApplyReturned() throws Exception {
        Random random = new Random(20240611L);
        int violations = 0;
        for (int round = 0; round < ROUNDS; round++) {
            violations += round(random.nextInt(300), random.nextBoolean());
        }
        assertThat(violations).isZero();
    }

    private int round(int checksBeforeRevocation, boolean warmUpFirst) throws Exception {
        InMemoryPolicySource source =
                new InMemoryPolicySource("10:get:orders:1", "10:get:orders:2", "10:*:orders:3");
        // Lingers after reading, as a remote call would, so revocations land inside loads.
        PolicySource slowSource =
                (subject, types) -> {
                    PolicySnapshot snapshot = source.load(subject, types);
                    for (int spin = ThreadLocalRandom.current().nextInt(20_000); spin > 0; spin--) {
                        Thread.onSpinWait();
                    }
                    return snapshot;
                };
        CachingAuthorizer authorizer =
                CachingAuthorizer.builder(slowSource, Set.of("orders")).executor(threads).build();
        authorizer.apply(source.put("0:get:orders:0"));
        CompletableFuture<Void> warmUp =
                warmUpFirst ? authorizer.warmUp("10") : CompletableFuture.completedFuture(null);

        CyclicBarrier start = new CyclicBarrier(3);
        AtomicInteger checks = new AtomicInteger();
        AtomicInteger checksAfterRevocation = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        Flags flags = new Flags();

        Runnable checker =
                () -> {
                    arrive(start);
                    while (!flags.stop) {
                        boolean revokedBefore = flags.revoked;
                        boolean allowed;
                        try {
                            allowed = authorizer.check("10", "get", "orders", "1");
                        } catch (AuthorizationUnavailableException e) {
                            allowed = false; // loads kept being invalidated: denied, which is safe
                        }
                        checks.incrementAndGet();
                        if (revokedBefore) {
                            checksAfterRevocation.incrementAndGet();
                            if (allowed) {
                                violations.incrementAndGet();
                            }
                        }
                    }
                };
        List<Future<?>> running =
                List.of(
                        threads.submit(checker),
                        threads.submit(
                                () -> {
                                    // Keeps loads in flight so that the revocation races with them.
                                    arrive(start);
                                    int i = 0;
                                    while (!flags.stop) {
                                        if (++i % 16 == 0) {
                                            authorizer.invalidate("10");
                                        }
                                        Thread.onSpinWait();
                                    }
                                }));
        arrive(start);
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(20)).until(() -> checks.get() >= checksBeforeRevocation);

        authorizer.apply(source.delete("10:get:orders:1"));
        flags.revoked = true;

        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(20)).until(() -> checksAfterRevocation.get() >= 50);
        flags.stop = true;
        for (Future<?> task : running) {
            task.get(20, TimeUnit.SECONDS);
        }
        // The warm-up may still be loading, and may fail after being invalidated too often: the
        // final checks must not join it.
        warmUp.handle((ignored, failure) -> null).get(20, TimeUnit.SECONDS);
        assertThat(authorizer.check("10", "get", "orders", "1")).isFalse();
        assertThat(authorizer.check("10", "get", "orders", "2")).isTrue();
        authorizer.close();
        return violations.get();
    }

    private static void arrive(CyclicBarrier barrier) {
        try {
            barrier.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Flags {
        volatile boolean revoked;
        volatile boolean stop;
    }
}
