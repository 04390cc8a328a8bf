package io.marketbus.benchmarks.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a fixed arrival rate: the i-th request is due at {@code start + i / rate}
 * whatever became of the earlier ones, each on a virtual thread of its own, and its latency runs
 * from that due time, not from when it was actually sent. A closed loop (send, wait, send) slows
 * down exactly when the system stalls and so never records the stall (coordinated omission); here
 * a stall delays every request due during it, and each one counts. Failed and timed-out requests
 * stay in the percentiles (a timeout as its timeout, the least it cost the caller) and are counted.
 */
final class OpenLoop {

    /** What one request came to. */
    enum Outcome { OK, FAILED, TIMED_OUT }

    /** One request: sends it and waits for its effect (at most {@code timeout}). */
    @FunctionalInterface
    interface Request {
        Outcome send(long index, Duration timeout) throws Exception;
    }

    /** The figures of one run at one rate. */
    record Step(double rate, Duration length, long sent, long ok, long failed, long timedOut, long inFlightAtEnd,
                Histogram latencies) {

        double p(double percentile) {
            return latencies.getTotalCount() == 0 ? Double.NaN : latencies.getValueAtPercentile(percentile) / 1e3;
        }

        /** Milliseconds. */
        double p50() {
            return p(50);
        }

        double p99() {
            return p(99);
        }

        double max() {
            return latencies.getTotalCount() == 0 ? Double.NaN : latencies.getMaxValue() / 1e3;
        }

        /**
         * Sustainable: p99 within the SLO, no failure or timeout, and no backlog left when the
         * arrivals stopped beyond what the rate keeps in flight at the SLO (Little's law).
         */
        boolean sustainable(Duration slo) {
            return ok == sent && p99() <= slo.toMillis() && inFlightAtEnd <= Math.max(1, Math.ceil(rate * slo.toMillis() / 1e3));
        }
    }

    private static final long HIGHEST_MICROS = Duration.ofMinutes(10).toNanos() / 1_000;

    private OpenLoop() {}

    /**
     * Sends {@code rate} requests a second for {@code length}, then waits for the last to end; the
     * step's in-flight count is read when the arrivals stop.
     */
    static Step run(double rate, Duration length, Duration timeout, Request request) throws InterruptedException {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + rate);
        }
        Histogram latencies = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        LongAdder timedOut = new LongAdder();
        AtomicLong inFlight = new AtomicLong();
        long intervalNanos = Math.round(1e9 / rate);
        long count = Math.max(1, Math.round(rate * length.toNanos() / 1e9));
        Thread[] threads = new Thread[(int) count];
        long start = System.nanoTime() + 1_000_000; // the first arrival a little ahead, so it is not late already
        for (int i = 0; i < count; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // pacing the arrivals: the schedule itself, not a wait for a result
            }
            long index = i;
            inFlight.incrementAndGet();
            threads[i] = Thread.ofVirtual().start(() -> {
                Outcome outcome;
                try {
                    outcome = request.send(index, timeout);
                } catch (Exception e) {
                    outcome = Outcome.FAILED;
                }
                long took = outcome == Outcome.TIMED_OUT ? timeout.toNanos() : System.nanoTime() - due;
                latencies.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, took / 1_000)));
                (switch (outcome) {
                    case OK -> ok;
                    case FAILED -> failed;
                    case TIMED_OUT -> timedOut;
                }).increment();
                inFlight.decrementAndGet();
            });
        }
        long inFlightAtEnd = inFlight.get();
        for (Thread thread : threads) {
            thread.join();
        }
        return new Step(rate, length, count, ok.sum(), failed.sum(), timedOut.sum(), inFlightAtEnd, latencies);
    }
}
