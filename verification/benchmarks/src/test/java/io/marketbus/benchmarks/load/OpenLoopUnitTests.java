package io.marketbus.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/**
 * The open loop against stand-in systems whose capacity is known: a single server with a fixed
 * service time (a semaphore of one), so what the generator must see follows from queueing alone.
 */
class OpenLoopUnitTests {

    /** One request at a time, {@code serviceMillis} each, and one stall at request {@code stallAt}. */
    private static OpenLoop.Request singleServer(long serviceMillis, long stallAt, long stallMillis) {
        Semaphore server = new Semaphore(1, true);
        return (index, timeout) -> {
            server.acquire();
            try {
                Thread.sleep(index == stallAt ? stallMillis : serviceMillis); // the stand-in's service time
            } finally {
                server.release();
            }
            return OpenLoop.Outcome.OK;
        };
    }

    @Test
    void aStallCountsForEveryRequestDueDuringIt() throws Exception {
        // 50/s, 2 ms each: idle most of the time. A 400 ms stall at request 20 delays the ~20 requests
        // due while it lasts; a closed loop would have recorded one slow request, here >= 5 % are.
        OpenLoop.Step step = OpenLoop.run(50, Duration.ofSeconds(2), Duration.ofSeconds(5), singleServer(2, 20, 400));

        assertThat(step.sent()).isEqualTo(100);
        assertThat(step.ok()).isEqualTo(100);
        assertThat(step.latencies().getValueAtPercentile(95) / 1e3).as("p95 ms").isGreaterThan(150);
        assertThat(step.p50()).as("p50 ms").isLessThan(150);
        assertThat(step.sustainable(Duration.ofMillis(250))).isFalse();
    }

    @Test
    void arrivalsAboveCapacityAreNotSustainedAndBelowItAre() throws Exception {
        OpenLoop.Request tenMillis = singleServer(10, -1, 0); // capacity about 100/s

        OpenLoop.Step below = OpenLoop.run(20, Duration.ofSeconds(1), Duration.ofSeconds(5), tenMillis);
        OpenLoop.Step above = OpenLoop.run(200, Duration.ofSeconds(1), Duration.ofSeconds(5), tenMillis);

        assertThat(below.sustainable(Duration.ofMillis(250))).as("20/s against ~100/s: p99 %.0f ms", below.p99()).isTrue();
        assertThat(above.sustainable(Duration.ofMillis(250))).as("200/s against ~100/s").isFalse();
        assertThat(above.p99()).as("the queue grows for the whole second").isGreaterThan(400);
    }

    @Test
    void failuresAndTimeoutsStayInThePercentilesAndBreakTheStep() throws Exception {
        OpenLoop.Step step = OpenLoop.run(40, Duration.ofMillis(500), Duration.ofSeconds(3),
                (index, timeout) -> index % 4 == 0 ? OpenLoop.Outcome.TIMED_OUT : index % 4 == 1 ? OpenLoop.Outcome.FAILED
                        : OpenLoop.Outcome.OK);

        assertThat(step.sent()).isEqualTo(20);
        assertThat(step.timedOut()).isEqualTo(5);
        assertThat(step.failed()).isEqualTo(5);
        assertThat(step.latencies().getTotalCount()).isEqualTo(20);
        assertThat(step.max()).as("a timeout counts as its timeout").isGreaterThanOrEqualTo(2_990);
        assertThat(step.sustainable(Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void theSearchStopsAtTheFirstStepNotSustained() throws Exception {
        RateSearch search = new RateSearch(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(5), 10, 2, 1_000);

        RateSearch.Result result = search.find(singleServer(10, -1, 0)); // capacity about 100/s

        assertThat(result.highestSustainable()).isBetween(10.0, 80.0);
        assertThat(result.steps().getLast().sustainable(Duration.ofMillis(200))).isFalse();
        assertThat(result.steps().getLast().rate()).isLessThanOrEqualTo(320);
    }
}
