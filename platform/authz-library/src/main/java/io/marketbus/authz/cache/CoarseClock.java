package io.marketbus.authz.cache;

/**
 * The ticker as read by the last sweep. Hits compare their entry's access stamp with it instead of
 * reading the ticker, so a hit reads no clock and most hits write nothing.
 */
final class CoarseClock {

    private volatile long now;

    CoarseClock(long start) {
        this.now = start;
    }

    long now() {
        return now;
    }

    /** Only the sweeper advances it. */
    void set(long ticker) {
        now = ticker;
    }
}
