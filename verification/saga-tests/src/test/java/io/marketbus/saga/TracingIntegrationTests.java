package io.marketbus.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.ServiceName;
import io.marketbus.saga.OtlpTraceCollector.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One order, one trace: the four services export their spans by OTLP to a collector of the test's
 * own, and the spans of the order — ordersvc's HTTP request, every append, publish and handler on
 * the way through authzsvc, inventorysvc and paymentsvc — share the request's trace id, each joined
 * to the span that caused it.
 */
class TracingIntegrationTests {

    static OtlpTraceCollector collector;
    static Marketplace market;
    static Shop shop;

    @BeforeAll
    static void start() throws Exception {
        collector = OtlpTraceCollector.start();
        List<String> exporting = List.of(
                "management.opentelemetry.tracing.export.otlp.endpoint=" + collector.endpoint(),
                // Batches leave every 200 ms, not every 5 s: the test waits for them.
                "management.opentelemetry.tracing.export.schedule-delay=200ms");
        market = Marketplace.dedicated(Arrays.stream(new ServiceName[] {
                        ServiceName.AUTHZ, ServiceName.ORDER, ServiceName.INVENTORY, ServiceName.PAYMENT})
                .collect(Collectors.toMap(Function.identity(), s -> exporting)));
        shop = new Shop(market);
    }

    @AfterAll
    static void stop() {
        if (market != null) {
            market.shutdown();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void anOrdersSpansAcrossFourServicesShareOneTraceId() {
        UUID product = shop.productOnSale("4.00", 3);
        long customer = market.customer();

        UUID order = shop.placed(customer, product, 1);
        shop.awaitStatus(order, "paid");

        // The order's first event, appended in the POST's transaction, leads to its trace.
        await().atMost(Shop.PATIENCE).until(() -> created(order) != null);
        String traceId = created(order).traceId();
        Set<String> expected = Set.of(
                "ordersvc append event-order-created", "ordersvc publish event-order-created",
                "inventorysvc handle event-order-created", "inventorysvc append event-product-reserved",
                "paymentsvc handle event-product-reserved", "paymentsvc append event-payment",
                "ordersvc handle event-payment",
                "authzsvc handle event-upsert-policy", "authzsvc append event-policy-updated");
        await().atMost(Shop.PATIENCE).untilAsserted(() -> assertThat(collector.trace(traceId).stream()
                .map(span -> span.service() + " " + span.name()).collect(Collectors.toSet())).containsAll(expected));

        List<ReceivedSpan> trace = collector.trace(traceId);
        assertThat(trace).extracting(ReceivedSpan::service).contains("ordersvc", "authzsvc", "inventorysvc", "paymentsvc");
        // Its root is ordersvc's HTTP request; every other span's parent is a span of the same trace.
        List<ReceivedSpan> roots = trace.stream().filter(span -> span.parentSpanId().isEmpty()).toList();
        assertThat(roots).singleElement().satisfies(root -> {
            assertThat(root.service()).isEqualTo("ordersvc");
            assertThat(root.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
            assertThat(root.name()).containsIgnoringCase("post");
        });
        Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        assertThat(trace).filteredOn(span -> !span.parentSpanId().isEmpty())
                .allSatisfy(span -> assertThat(ids).as("parent of %s", span.name()).contains(span.parentSpanId()));
        // Each hop joins the span that sent its event: inventorysvc's handler is a child of ordersvc's append.
        Map<String, ReceivedSpan> byName = trace.stream()
                .collect(Collectors.toMap(span -> span.service() + " " + span.name(), span -> span, (a, b) -> a));
        assertThat(byName.get("inventorysvc handle event-order-created").parentSpanId())
                .isEqualTo(byName.get("ordersvc append event-order-created").spanId());
        assertThat(byName.get("inventorysvc handle event-order-created").kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
        assertThat(byName.get("ordersvc append event-order-created").kind()).isEqualTo(SpanKind.SPAN_KIND_PRODUCER);
        // The requests before it (the shop's merchant and product) are traces of their own.
        assertThat(collector.spans()).filteredOn(span -> !span.traceId().equals(traceId)).isNotEmpty();
    }

    private static ReceivedSpan created(UUID order) {
        return collector.spans().stream()
                .filter(span -> span.name().equals("append event-order-created")
                        && order.toString().equals(span.attributes().get("aggregate")))
                .findFirst().orElse(null);
    }
}
