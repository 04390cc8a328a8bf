package io.marketbus.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.Money;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.contract.events.ProductReserved;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TestNats;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One request's trace through the runtime with a real tracer (the OpenTelemetry bridge a service
 * uses), real JetStream and PostgreSQL: ordersvc appends under a request span, its relay publishes,
 * inventorysvc handles and appends in turn; every span is in the request's trace, each the child of
 * the step that caused it, and the events carry the append spans' contexts.
 */
class BusTracingIntegrationTests {

    static final EventCodec codec = new EventCodec(EventCatalogue.load());

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final SdkTracerProvider tracerProvider =
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    TestNats nats;
    TestDatabase orderDb;
    TestDatabase inventoryDb;
    EventBus orders;
    EventBus inventory;
    ObservationRegistry observations;

    @BeforeEach
    void setUp() throws Exception {
        io.opentelemetry.api.trace.Tracer otel = tracerProvider.get("marketbus-test");
        OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {});
        OtelPropagator propagator = new OtelPropagator(
                ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
        observations = ObservationRegistry.create();
        // As Spring Boot arranges them: the propagating handlers first, the plain one for the rest.
        observations.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
        nats = TestNats.start();
        orderDb = TestDatabase.create("ordersvc");
        inventoryDb = TestDatabase.create("inventorysvc");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {orders, inventory, orderDb, inventoryDb, nats, tracerProvider}) {
            if (c != null) {
                c.close();
            }
        }
    }

    EventBus bus(ServiceName service, TestDatabase db, ObservationRegistry registry) throws Exception {
        BusSettings settings = BusSettings.builder(service, nats.namespace())
                .relay(BusSettings.Relay.builder().pollInterval(Duration.ofMillis(50)).build())
                .build();
        return EventBus.builder(settings, nats.connectAs(service, service.busName()), db.dataSource())
                .provisioning(nats.connection()).codec(codec).wholeContract(false)
                .observationRegistry(registry).build();
    }

    @Test
    void appendPublishAndHandleAreSpansOfTheRequestsTrace_eachTheChildOfWhatCausedIt() throws Exception {
        Map<UUID, CloudEvent<OrderCreated>> received = new ConcurrentHashMap<>();
        orders = bus(ServiceName.ORDER, orderDb, observations);
        inventory = bus(ServiceName.INVENTORY, inventoryDb, observations);
        inventory.on(OrderCreated.class, event -> {
            received.put(event.data().orderId(), event);
            inventory.outbox().append(event.data().orderId().toString(),
                    new ProductReserved(event.data().orderId(), event.data().accountId(), Money.ofMinor(20)));
        });
        orders.start();
        inventory.start();
        UUID orderId = UUID.randomUUID();

        Observation request = Observation.createNotStarted("http.server.requests", observations)
                .contextualName("POST /v1/ordersvc/orders");
        request.observe(() -> placeOrder(orderId));

        await().atMost(Duration.ofSeconds(15)).until(() -> named("publish event-product-reserved").size() == 1);
        SpanData root = single("POST /v1/ordersvc/orders");
        SpanData appended = single("append event-order-created");
        SpanData published = single("publish event-order-created");
        SpanData handled = single("handle event-order-created");
        SpanData reserved = single("append event-product-reserved");
        SpanData reservedOut = single("publish event-product-reserved");

        assertThat(List.of(appended, published, handled, reserved, reservedOut))
                .extracting(SpanData::getTraceId).containsOnly(root.getTraceId());
        assertThat(appended.getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(published.getParentSpanId()).as("the relay joins the append's span").isEqualTo(appended.getSpanId());
        assertThat(handled.getParentSpanId()).as("the consumer joins it through the event").isEqualTo(appended.getSpanId());
        assertThat(reserved.getParentSpanId()).as("what a handler appends is its child").isEqualTo(handled.getSpanId());
        assertThat(reservedOut.getParentSpanId()).isEqualTo(reserved.getSpanId());
        assertThat(List.of(appended.getKind(), published.getKind(), handled.getKind()))
                .containsExactly(SpanKind.PRODUCER, SpanKind.PRODUCER, SpanKind.CONSUMER);
        assertThat(appended.getAttributes().asMap().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().getKey(), e -> String.valueOf(e.getValue()))))
                .containsEntry("service", "ordersvc").containsEntry("event", "event-order-created")
                .containsEntry("aggregate", orderId.toString());

        assertThat(received.get(orderId).traceparent())
                .isEqualTo("00-" + root.getTraceId() + "-" + appended.getSpanId() + "-01");
        assertThat(JdbcClient.create(inventoryDb.dataSource())
                .sql("select traceparent from eventbus_outbox where event_name = 'event-product-reserved'")
                .query(String.class).single())
                .isEqualTo("00-" + root.getTraceId() + "-" + reserved.getSpanId() + "-01");
    }

    @Test
    void withoutATracerTheEventKeepsTheTraceparentOfTheRequestThatCausedIt() throws Exception {
        Map<UUID, CloudEvent<OrderCreated>> received = new ConcurrentHashMap<>();
        orders = bus(ServiceName.ORDER, orderDb, null);
        inventory = bus(ServiceName.INVENTORY, inventoryDb, null);
        inventory.on(OrderCreated.class, event -> received.put(event.data().orderId(), event));
        orders.start();
        inventory.start();
        UUID orderId = UUID.randomUUID();
        String callers = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        new RequestContext("req-7", callers).run(() -> placeOrder(orderId));

        await().atMost(Duration.ofSeconds(15)).until(() -> received.containsKey(orderId));
        assertThat(received.get(orderId).traceparent()).isEqualTo(callers);
        assertThat(spans.getFinishedSpanItems()).isEmpty();
        String envelope = JdbcClient.create(orderDb.dataSource()).sql("select envelope from eventbus_outbox")
                .query(String.class).single();
        assertThat(codec.decode(envelope.getBytes(StandardCharsets.UTF_8)).traceparent()).isEqualTo(callers);
    }

    private void placeOrder(UUID orderId) {
        new TransactionTemplate(new DataSourceTransactionManager(orderDb.dataSource())).executeWithoutResult(s ->
                orders.outbox().append(orderId.toString(),
                        new OrderCreated(orderId, OrderStatus.PENDING, 10, UUID.randomUUID(), 2)));
    }

    private List<SpanData> named(String name) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).toList();
    }

    private SpanData single(String name) {
        List<SpanData> found = named(name);
        assertThat(found).as("spans named '%s' among %s", name, spans.getFinishedSpanItems().stream()
                .map(SpanData::getName).collect(Collectors.toMap(Function.identity(), n -> 1, Integer::sum))).hasSize(1);
        return found.getFirst();
    }
}
