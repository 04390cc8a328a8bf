package io.marketbus.authz.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code authz.policy.update.lag}: per instance, the time from the policy store committing a change
 * (the time of its event-policy-updated, stamped in the store's transaction) to this instance's
 * cache having applied it: how long a revocation takes to bite here. A timer with the median and
 * the 99th percentile ({@code authz.policy.update.lag.percentile}, phi=0.5|0.99) and service-level
 * buckets up to the 1 s target ({@code authz.policy.update.lag.histogram}, le in seconds). The
 * two ends are read on different machines' clocks: clock skew shifts it (a negative lag counts as 0).
 */
public final class PolicyUpdateLag {

    public static final String NAME = "authz.policy.update.lag";

    private final Timer timer;
    private final Clock clock;

    public PolicyUpdateLag(MeterRegistry registry, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timer = Timer.builder(NAME)
                .description("From authzsvc committing a policy change to this instance applying it")
                .publishPercentiles(0.5, 0.99)
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .distributionStatisticExpiry(Duration.ofMinutes(2))
                .register(registry);
    }

    /** A change committed at {@code committedAt} has just been applied. */
    public void applied(Instant committedAt) {
        Duration lag = Duration.between(committedAt, clock.instant());
        timer.record(lag.isNegative() ? Duration.ZERO : lag);
    }
}
