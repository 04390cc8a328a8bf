package io.marketbus.support.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Two registries behind every service's meters. Prometheus's (for {@code /actuator/prometheus})
 * exports a timer that has service-level buckets as buckets only and drops the percentiles the
 * service computes itself; an in-process registry beside it keeps those percentiles readable at
 * {@code /actuator/metrics} ({@code authz.policy.update.lag.percentile}), which operators, the
 * load benchmark and the system tests read. Spring Boot joins both into one composite registry.
 */
@AutoConfiguration(before = CompositeMeterRegistryAutoConfiguration.class) // so that Boot sees two registries and joins them
public class MetricsAutoConfiguration {

    @Bean
    SimpleMeterRegistry inProcessPercentiles(Clock clock) {
        return new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    }
}
