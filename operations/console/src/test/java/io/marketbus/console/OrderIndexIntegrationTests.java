package io.marketbus.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.eventbus.BusAdministration;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.testkit.TestNats;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The console's views stay fast with 100,000 events in the streams: the order index reads them once
 * (server-side, an ordered consumer per saga stream), and a timeline is then a handful of direct
 * reads by sequence. Real NATS JetStream; the figures are printed.
 */
class OrderIndexIntegrationTests {

    private static final int ORDERS = 25_000; // four events each: 100,000 in the streams
    private static final String[] SAGA = {"ordersvc.event-order-created", "inventorysvc.event-product-reserved",
            "paymentsvc.event-payment", "ordersvc.event-order-approved"};

    @Test
    void indexesAHundredThousandEventsAndRebuildsOneOrderFromTheStreams() throws Exception {
        try (TestNats nats = TestNats.start()) {
            new BusAdministration(nats.connection(), nats.namespace())
                    .provision(EventCatalogue.load(), BusSettings.Streams.DEFAULTS, BusSettings.Consumers.DEFAULTS);
            JetStream js = nats.connection().jetStream();
            List<String> ids = new ArrayList<>();
            Instant publishing = Instant.now();
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                ids.add(UUID.randomUUID().toString());
            }
            // Hop after hop, as the saga does: each event of an order is published after the one it answers.
            for (String subject : SAGA) {
                String type = subject.substring(subject.indexOf('.') + 1);
                String status = type.equals("event-payment") ? ",\"status\":\"payment_successful\"" : "";
                for (String id : ids) {
                    acks.add(js.publishAsync(nats.namespace().subject(subject), ("{\"specversion\":\"1.0\",\"type\":\"" + type
                            + "\",\"data\":{\"order_id\":\"" + id + "\",\"account_id\":7" + status + "}}").getBytes(StandardCharsets.UTF_8)));
                    if (acks.size() >= 4_000) {
                        acks.forEach(CompletableFuture::join);
                        acks.clear();
                    }
                }
                acks.forEach(CompletableFuture::join);
                acks.clear();
            }
            acks.forEach(CompletableFuture::join);
            System.out.printf("published %d events in %d ms%n", ORDERS * SAGA.length, Duration.between(publishing, Instant.now()).toMillis());

            ConsoleBus bus = new ConsoleBus(new ConsoleBus.Nats(nats.url(),
                    nats.credentials().map(Object::toString).orElse("")), nats.namespace().prefix());
            ConsoleProperties properties = new ConsoleProperties("http://127.0.0.1:1", "http://127.0.0.1:1", null,
                    Duration.ofSeconds(30), 5000, 100_000, Duration.ofHours(1));
            try (BusWatch watch = new BusWatch(bus, properties.recentEvents());
                 OrderIndex index = new OrderIndex(watch, properties.indexedOrders(), properties.indexWindow())) {
                Instant indexing = Instant.now();
                await("every order indexed").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> index.size() == ORDERS
                                && index.find(ids.getLast()).map(t -> t.hops().size() == SAGA.length).orElse(false));
                long indexMillis = Duration.between(indexing, Instant.now()).toMillis();

                OrdersController orders = new OrdersController(index, watch, properties);
                String middle = ids.get(ORDERS / 2);
                Instant reading = Instant.now();
                var timeline = orders.timeline(middle);
                long timelineMillis = Duration.between(reading, Instant.now()).toMillis();
                Instant listing = Instant.now();
                var overview = orders.overview(Duration.ZERO);
                long overviewMillis = Duration.between(listing, Instant.now()).toMillis();
                System.out.printf("indexed %d orders (%d events) in %d ms; one timeline in %d ms; the stuck list over all in %d ms%n",
                        ORDERS, ORDERS * SAGA.length, indexMillis, timelineMillis, overviewMillis);

                @SuppressWarnings("unchecked")
                List<java.util.Map<String, Object>> hops = (List<java.util.Map<String, Object>>) timeline.get("hops");
                assertThat(hops).extracting(h -> h.get("type")).containsExactly("event-order-created", "event-product-reserved",
                        "event-payment", "event-order-approved");
                assertThat(hops).allSatisfy(h -> assertThat((String) h.get("event")).contains(middle));
                assertThat(timeline.get("settled")).isEqualTo(true);
                assertThat((List<?>) overview.get("stuck")).as("every order was approved").isEmpty();
                assertThat(timelineMillis).as("a timeline is direct reads, not a scan").isLessThan(1_000);
                assertThat(overviewMillis).isLessThan(2_000);
            }
        }
    }
}
