package io.marketbus.authz.cache;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this cache still hears of policy changes. Its entries are only as good as the changes
 * that reach it: an instance cut off from the bus would keep allowing what was revoked meanwhile.
 * So once the link has been down longer than the partition bound the cache is partitioned: it
 * trusts no entry and reads every decision's policies from the policy store (a remote check), until
 * the link is back and the cache has started over.
 */
final class UpdateLink {

    private static final Logger log = LoggerFactory.getLogger(CachingAuthorizer.class);
    private static final long UP = Long.MIN_VALUE;

    /** Null: no link to watch (tests, or a cache fed by hand): never partitioned. */
    private final BooleanSupplier connected;
    private final long boundNanos;
    /** Ticker time the link was first seen down, or {@link #UP}; only the sweeper thread writes it. */
    private long downSince = UP;
    /** Read by every check that finds an entry. */
    volatile boolean partitioned;

    UpdateLink(BooleanSupplier connected, long boundNanos) {
        this.connected = connected;
        this.boundNanos = boundNanos;
    }

    /** What changed at ticker time {@code now}: the caller drops the entries on either transition. */
    Transition observe(long now) {
        if (connected == null) {
            return Transition.NONE;
        }
        boolean up;
        try {
            up = connected.getAsBoolean();
        } catch (RuntimeException e) {
            up = false;
        }
        if (up) {
            downSince = UP;
            if (partitioned) {
                log.info("policy updates are reaching this instance again: the cache starts over and serves again");
                return Transition.HEALED;
            }
            return Transition.NONE;
        }
        if (downSince == UP) {
            downSince = now;
        }
        if (!partitioned && now - downSince >= boundNanos) {
            log.warn("policy updates have not reached this instance for {} ms (the partition bound): every check now reads the policy store",
                    (now - downSince) / 1_000_000);
            return Transition.PARTITIONED;
        }
        return Transition.NONE;
    }

    enum Transition { NONE, PARTITIONED, HEALED }
}
