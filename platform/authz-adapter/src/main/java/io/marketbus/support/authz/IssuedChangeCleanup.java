package io.marketbus.support.authz;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes issued changes past their time once a minute (any instance may; it is idempotent). */
final class IssuedChangeCleanup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IssuedChangeCleanup.class);

    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("authz-issued-cleanup").factory());

    IssuedChangeCleanup(IssuedChangeStore store) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                store.forgetOld();
            } catch (RuntimeException e) {
                log.debug("issued policy changes not cleaned up this time", e);
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
