package io.marketbus.accounts.bruteforce;

import java.util.concurrent.locks.ReentrantLock;

/**
 * In this instance, one reservation at a time per throttle key (striped locks). The database row
 * lock alone makes the counting atomic across instances, but a flood on one key would then have
 * every request hold a pooled connection while it waits for that row, and starve every other
 * request of connections; queued here, the waiting requests hold none.
 */
final class KeyQueues {

    private static final int STRIPES = 256;

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
        low.lock();
        try {
            if (high != null) {
                high.lock();
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

    private static int stripe(String key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }
}
