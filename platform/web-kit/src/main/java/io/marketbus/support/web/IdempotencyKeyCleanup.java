package io.marketbus.support.web;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired keys once a minute (any instance may; it is idempotent). Only housekeeping: a
 * key past its retention counts as new whether or not its row is gone yet.
 */
final class IdempotencyKeyCleanup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyCleanup.class);

    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("idempotency-key-cleanup").factory());

    IdempotencyKeyCleanup(IdempotencyKeys keys) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                keys.forgetExpired();
            } catch (RuntimeException e) {
                log.debug("expired idempotency keys not deleted this time", e);
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
