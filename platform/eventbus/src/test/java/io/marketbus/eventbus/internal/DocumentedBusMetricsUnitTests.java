package io.marketbus.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.testkit.DocumentedTable;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/operations.md names every meter of the event runtime, with exactly the tags it carries. */
class DocumentedBusMetricsUnitTests {

    @Test
    void theOperationsGuideListsEachBusMeterWithItsTagKeys() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BusMetrics metrics = new BusMetrics(registry, "ordersvc");
        metrics.published("event-order-created");
        metrics.consumed("event-order-created", "handled");
        metrics.redelivered("event-order-created");
        metrics.deadLettered("event-order-created", "SCHEMA");
        metrics.outbox(1, 1);
        metrics.relayFailed("error");
        metrics.oldestPending("event-order-created-inventorysvc", 1);
        metrics.pendingNearMaxAge("event-order-created-inventorysvc");
        metrics.infrastructureFault("event-order-created");
        metrics.handlerError("event-order-created", "AssertionError");
        metrics.loopRestarted("event-order-created");
        metrics.pausedWorkers("event-order-created");
        // The observations' timers, as a service's meter handler records them.
        ObservationRegistry observed = ObservationRegistry.create();
        observed.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
        BusObservations observations = new BusObservations(observed, "ordersvc");
        observations.append("event-order-created", "1", null, traceparent -> null);
        observations.publish("event-order-created", null).stop();
        observations.handle("event-order-created", null, () -> {});

        Map<String, Set<String>> inCode = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            inCode.computeIfAbsent(meter.getId().getName(), n -> new TreeSet<>())
                    .addAll(meter.getId().getTags().stream().map(Tag::getKey).toList());
        }

        Map<String, Set<String>> documented = new TreeMap<>();
        DocumentedTable table = DocumentedTable.read("docs/operations.md", "Metrics");
        for (var row : table.rows()) {
            for (String name : DocumentedTable.codeSpans(row.get(0))) {
                if (name.startsWith("marketbus.")) {
                    documented.put(name, Arrays.stream(row.get(1).split(","))
                            .map(tag -> tag.strip().replaceFirst("=.*", ""))
                            .filter(tag -> !tag.isEmpty())
                            .collect(Collectors.toCollection(TreeSet::new)));
                }
            }
        }

        assertThat(documented).as("meters and tag keys in docs/operations.md").isEqualTo(inCode);
    }
}
