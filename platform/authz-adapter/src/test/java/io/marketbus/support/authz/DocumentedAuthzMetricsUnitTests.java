package io.marketbus.support.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.authz.metrics.MeteredAuthorizer;
import io.marketbus.authz.metrics.PolicyCacheMetrics;
import io.marketbus.authz.metrics.PolicyUpdateLag;
import io.marketbus.testkit.DocumentedTable;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md names every meter of the authz library with its tags and their values (here,
 * not in the library: the library's tests use nothing but the library).
 */
class DocumentedAuthzMetricsUnitTests {

    @Test
    void theOperationsGuideListsEachAuthzMeterWithItsTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CachingAuthorizer cache = CachingAuthorizer.builder((subject, types) -> new PolicySnapshot(List.of(), 1), Set.of("orders"))
                .executor(Runnable::run).build();
        new MeteredAuthorizer(cache, registry);
        new PolicyCacheMetrics(cache).bindTo(registry);
        new PolicyUpdateLag(registry, java.time.Clock.systemUTC());

        Map<String, Set<String>> inCode = new TreeMap<>(); // name -> "key=value" (or nothing when untagged)
        for (Meter meter : registry.getMeters()) {
            Set<String> tags = inCode.computeIfAbsent(meter.getId().getName(), n -> new TreeSet<>());
            for (Tag tag : meter.getId().getTags()) {
                tags.add(tag.getKey() + "=" + tag.getValue());
            }
        }

        Map<String, Set<String>> documented = new TreeMap<>();
        for (var row : DocumentedTable.read("docs/operations.md", "Metrics").rows()) {
            for (String name : DocumentedTable.codeSpans(row.get(0))) {
                if (name.startsWith("authz.")) {
                    Set<String> tags = new TreeSet<>();
                    for (String tag : row.get(1).split(",")) {
                        String[] keyValues = tag.strip().split("=", 2);
                        if (keyValues.length == 2) {
                            for (String value : keyValues[1].split("\\|")) {
                                tags.add(keyValues[0] + "=" + value);
                            }
                        }
                    }
                    documented.put(name, tags);
                }
            }
        }

        assertThat(documented).as("authz meters and tag values in docs/operations.md").isEqualTo(inCode);
    }
}
