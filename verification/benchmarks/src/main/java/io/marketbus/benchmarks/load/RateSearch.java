package io.marketbus.benchmarks.load;

import static io.marketbus.benchmarks.load.LoadBenchmark.progress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The highest rate a system sustains: open-loop steps at rising arrival rates, each
 * {@link OpenLoop.Step#sustainable sustainable} or not against the SLO, until one is not (or the
 * ceiling is reached). Percentiles worth quoting are then taken well below it (the caller measures
 * at half), where a system runs in production, not at the knee.
 */
record RateSearch(Duration stepLength, Duration slo, Duration timeout, double from, double factor, double ceiling) {

    RateSearch {
        if (from <= 0 || factor <= 1 || ceiling < from) {
            throw new IllegalArgumentException("rates must rise from a positive start: from=" + from + " factor=" + factor
                    + " ceiling=" + ceiling);
        }
    }

    /** The steps run, and the highest sustainable rate among them (0 when even the first was not). */
    record Result(List<OpenLoop.Step> steps, double highestSustainable) {}

    Result find(OpenLoop.Request request) throws InterruptedException {
        List<OpenLoop.Step> steps = new ArrayList<>();
        double highest = 0;
        for (double rate = from; rate <= ceiling; rate *= factor) {
            OpenLoop.Step step = OpenLoop.run(rate, stepLength, timeout, request);
            steps.add(step);
            boolean held = step.sustainable(slo);
            progress("step %.1f/s: p50 %.0f ms, p99 %.0f ms, %d of %d ok, %d in flight at the end: %s", rate, step.p50(),
                    step.p99(), step.ok(), step.sent(), step.inFlightAtEnd(), held ? "sustained" : "not sustained");
            if (!held) {
                break;
            }
            highest = rate;
        }
        return new Result(List.copyOf(steps), highest);
    }
}
