package io.marketbus.accounts.bruteforce;

import io.marketbus.support.web.ProblemException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.http.HttpStatus;

/**
 * In this instance, one reservation at a time per throttle key (striped locks). The database row
 * lock alone makes the counting atomic across instances, but a flood on one key would then have
 * every request hold a pooled connection while it waits for that row, and starve every other
 * request of connections; queued here, the waiting requests hold none. A request that waits longer
 * than {@link #MAX_WAIT} gets 503 with {@code Retry-After} (nothing counted).
 */
final class KeyQueues {

    private static final int STRIPES = 256;
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    KeyQueues() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock(true);
        }
    }

    /** Runs {@code work} holding the queues of both keys ({@code first} may be null), taken in a fixed order. */
    void inOrder(String first, String second, Runnable work) {
        int a = first == null ? -1 : stripe(first);
        int b = stripe(second);
        ReentrantLock low = stripes[a < 0 ? b : Math.min(a, b)];
        ReentrantLock high = a < 0 || a == b ? null : stripes[Math.max(a, b)];
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        take(low, deadline);
        try {
            if (high != null) {
                take(high, deadline);
            }
            try {
                work.run();
            } finally {
                if (high != null) {
                    high.unlock();
                }
            }
        } finally {
            low.unlock();
        }
    }

    private static void take(ReentrantLock lock, long deadline) {
        boolean taken;
        try {
            taken = lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            taken = false;
        }
        if (!taken) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "login-queue-full", "Busy",
                    "Too many logins at once for this account or address: try again in 1 s",
                    Map.of("retry_after", 1), Map.of("Retry-After", "1"));
        }
    }

    private static int stripe(String key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }
}
