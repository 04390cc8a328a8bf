package io.marketbus.benchmarks.load;

import java.util.Arrays;

/** Recorded durations (nanoseconds) and their percentiles; thread-safe recording. */
final class Latencies {

    private long[] values = new long[4096];
    private int size;

    synchronized void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** Nearest-rank percentile in milliseconds; NaN when nothing was recorded. */
    synchronized double percentileMillis(double percent) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * size);
        return sorted[Math.max(0, Math.min(size, rank) - 1)] / 1e6;
    }

    double maxMillis() {
        return percentileMillis(100);
    }

    /** {@code p50 / p90 / p99 / max} in ms. */
    String summary() {
        return String.format("%s / %s / %s / %s ms", ms(percentileMillis(50)), ms(percentileMillis(90)),
                ms(percentileMillis(99)), ms(maxMillis()));
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : value < 10 ? String.format("%.1f", value) : String.format("%,.0f", value);
    }
}
