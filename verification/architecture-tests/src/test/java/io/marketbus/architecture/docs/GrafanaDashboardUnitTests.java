package io.marketbus.architecture.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.testkit.DocumentedTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checked-in Grafana dashboard queries only meters that docs/operations.md documents, under the
 * names Prometheus gives them (dots to underscores; counters end in {@code _total}, timers and
 * seconds-gauges in {@code _seconds...}): a renamed meter breaks this test, not the dashboard in silence.
 */
class GrafanaDashboardUnitTests {

    private static final Path DASHBOARD = DocumentedTable.repositoryRoot().resolve("docs/grafana/marketbus-dashboard.json");
    private static final Pattern OWN_METRIC = Pattern.compile("\\b(?:marketbus|authz)_[a-z_]+");
    private static final List<String> SUFFIXES = List.of("", "_total", "_count", "_sum", "_max", "_bucket",
            "_seconds", "_seconds_count", "_seconds_sum", "_seconds_max", "_seconds_bucket");

    @Test
    void everyMeterTheDashboardQueriesIsDocumented() {
        List<String> queries = queries(JsonMapper.builder().build().readTree(DASHBOARD.toFile()));

        assertThat(queries).as("queries in the dashboard").hasSizeGreaterThanOrEqualTo(10);
        assertThat(undocumented(queries, documentedMeters())).isEmpty();
    }

    @Test
    void aQueryOfAMeterNobodyDocumentedIsCaught() {
        assertThat(undocumented(List.of("rate(marketbus_events_published_total[1m])", "marketbus_orders_vanished_total"),
                documentedMeters())).containsExactly("marketbus_orders_vanished_total");
    }

    private static Set<String> undocumented(List<String> queries, Set<String> meters) {
        Set<String> unknown = new TreeSet<>();
        for (String query : queries) {
            OWN_METRIC.matcher(query).results().map(r -> r.group())
                    .filter(name -> meters.stream().noneMatch(meter -> SUFFIXES.stream().anyMatch(s -> name.equals(meter + s))))
                    .forEach(unknown::add);
        }
        return unknown;
    }

    private static Set<String> documentedMeters() {
        Set<String> meters = new TreeSet<>();
        for (var row : DocumentedTable.read("docs/operations.md", "Metrics").rows()) {
            DocumentedTable.codeSpans(row.get(0)).forEach(name -> meters.add(name.replace('.', '_')));
        }
        return meters;
    }

    private static List<String> queries(JsonNode dashboard) {
        return dashboard.path("panels").valueStream()
                .flatMap(panel -> panel.path("targets").valueStream())
                .map(target -> target.path("expr").asString())
                .filter(expr -> !expr.isEmpty())
                .toList();
    }
}
