package io.marketbus.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TestNats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.PublishOptions;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inbox retention, dead-letter replay and the pending-age warning follow the stream settings, against
 * real JetStream and PostgreSQL; the max ages are shortened to seconds where the test waits them out.
 */
class RetentionHorizonsIntegrationTests {

    static final EventCodec codec = new EventCodec(EventCatalogue.load());
    static final String DURABLE = "event-order-created-inventorysvc";

    TestNats nats;
    TestDatabase orderDb;
    TestDatabase inventoryDb;
    EventBus orders;
    EventBus inventory;
    final AtomicInteger handled = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        nats = TestNats.start();
        orderDb = TestDatabase.create("ordersvc");
        inventoryDb = TestDatabase.create("inventorysvc");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {orders, inventory, orderDb, inventoryDb, nats}) {
            if (c != null) {
                c.close();
            }
        }
    }

    EventBus bus(ServiceName service, TestDatabase db, BusSettings.Streams streams, BusSettings.Consumers consumers,
                 SimpleMeterRegistry meters) throws Exception {
        BusSettings settings = BusSettings.builder(service, nats.namespace())
                .streams(streams).consumers(consumers)
                .relay(BusSettings.Relay.builder().pollInterval(Duration.ofMillis(50)).build())
                .build();
        return EventBus.builder(settings, nats.connectAs(service, service.busName()), db.dataSource())
                .provisioning(nats.connection()).codec(codec).wholeContract(false).meterRegistry(meters).build();
    }

    EventBus countingInventory(BusSettings.Streams streams) throws Exception {
        EventBus bus = bus(ServiceName.INVENTORY, inventoryDb, streams, BusSettings.Consumers.DEFAULTS, new SimpleMeterRegistry());
        bus.on(OrderCreated.class, event -> handled.incrementAndGet());
        return bus;
    }

    /** Places an order through ordersvc's outbox; returns its envelope as stored there. */
    String placeOrder() {
        UUID orderId = UUID.randomUUID();
        new TransactionTemplate(new DataSourceTransactionManager(orderDb.dataSource())).executeWithoutResult(s ->
                orders.outbox().append(orderId.toString(), new OrderCreated(orderId, OrderStatus.PENDING, 10, UUID.randomUUID(), 1)));
        return JdbcClient.create(orderDb.dataSource()).sql("select envelope from eventbus_outbox where aggregate_id = ?")
                .param(orderId.toString()).query(String.class).single();
    }

    /** The same event once more under another message id, as a replay or a publisher's late retry brings it. */
    void redeliver(String envelope, String copy) throws Exception {
        nats.connection().jetStream().publish(nats.namespace().subject("ordersvc.event-order-created"), null,
                envelope.getBytes(StandardCharsets.UTF_8), PublishOptions.builder().messageId(copy).build());
    }

    long ackFloor() throws Exception {
        return nats.connection().jetStreamManagement().getConsumerInfo(nats.namespace().stream("ordersvc"), DURABLE)
                .getAckFloor().getStreamSequence();
    }

    JdbcClient inbox() {
        return JdbcClient.create(inventoryDb.dataSource());
    }

    boolean inInbox(UUID eventId) {
        return inbox().sql("select count(*) from eventbus_inbox where event_id = ?").param(eventId).query(Integer.class).single() == 1;
    }

    static UUID idOf(String envelope) {
        return codec.decode(envelope.getBytes(StandardCharsets.UTF_8)).id();
    }

    @Test
    void withA30DayStreamAnEventHandled10DaysAgoIsStillRemembered_andItsLateCopyIsSkipped() throws Exception {
        // Max age 30 d + dead-letter max age 7 d: a copy may come back up to 67 days later, beyond a fixed 7 d.
        BusSettings.Streams streams = BusSettings.Streams.builder().maxAge(Duration.ofDays(30)).build();
        inventory = countingInventory(streams);
        inventory.start();
        orders = bus(ServiceName.ORDER, orderDb, streams, BusSettings.Consumers.DEFAULTS, new SimpleMeterRegistry());
        orders.start();
        String envelope = placeOrder();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 1);

        // As if handled 10 days ago; and another consumer's entry from before the horizon.
        inbox().sql("update eventbus_inbox set processed_at = ? where event_id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusDays(10), idOf(envelope)).update();
        UUID forgotten = UUID.randomUUID();
        inbox().sql("insert into eventbus_inbox (consumer, event_id, processed_at) values ('x', ?, ?)")
                .params(forgotten, OffsetDateTime.now(ZoneOffset.UTC).minusDays(68)).update();
        // A restarted instance tidies up at once.
        inventory.close();
        inventory = countingInventory(streams);
        inventory.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !inInbox(forgotten));
        assertThat(inInbox(idOf(envelope))).as("within the 67-day dedupe retention").isTrue();

        redeliver(envelope, "late-copy");
        await().atMost(Duration.ofSeconds(10)).until(() -> ackFloor() == 2);
        assertThat(handled.get()).as("the late copy was skipped").isEqualTo(1);
    }

    @Test
    void withShortenedAgesAnInboxEntryIsKeptForTheDedupeRetention_thenForgotten() throws Exception {
        // Max age 2 s + dead-letter max age 1 s: retention 2 x 2 s + 1 s = 5 s.
        BusSettings.Streams streams = BusSettings.Streams.builder().maxAge(Duration.ofSeconds(2))
                .deadLetterMaxAge(Duration.ofSeconds(1)).duplicateWindow(Duration.ofSeconds(1)).build();
        inventory = countingInventory(streams);
        inventory.start();
        orders = bus(ServiceName.ORDER, orderDb, streams, BusSettings.Consumers.DEFAULTS, new SimpleMeterRegistry());
        orders.start();
        String envelope = placeOrder();
        UUID id = idOf(envelope);
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 1);
        Instant processed = inbox().sql("select processed_at from eventbus_inbox where event_id = ?").param(id)
                .query(Timestamp.class).single().toInstant();

        // Past the stream's max age the original is gone; a copy now is still recognised.
        await().atMost(Duration.ofSeconds(10)).until(() -> nats.connection().jetStreamManagement()
                .getStreamInfo(nats.namespace().stream("ordersvc")).getStreamState().getMsgCount() == 0);
        redeliver(envelope, "copy-within-horizon");
        await().atMost(Duration.ofSeconds(10)).until(() -> ackFloor() == 2);
        assertThat(handled.get()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(15)).until(() -> !inInbox(id));
        assertThat(Duration.between(processed, Instant.now())).as("kept at least the dedupe retention")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aDeadLetterOlderThanTheReplayHorizonIsNotReplayed_withTheReason_andNothingChanges() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        inventory = bus(ServiceName.INVENTORY, inventoryDb, BusSettings.Streams.DEFAULTS,
                BusSettings.Consumers.builder().maxDeliveries(1).build(), new SimpleMeterRegistry());
        inventory.on(OrderCreated.class, event -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("catalogue unreachable");
        });
        inventory.start();
        orders = bus(ServiceName.ORDER, orderDb, BusSettings.Streams.DEFAULTS, BusSettings.Consumers.DEFAULTS,
                new SimpleMeterRegistry());
        orders.start();
        placeOrder();
        BusAdministration admin = new BusAdministration(nats.connection(), nats.namespace());
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.deadLetters().list().size() == 1);
        DeadLetter letter = admin.deadLetters().list().getFirst();
        assertThat(letter.publishedAt()).isBetween(Instant.now().minusSeconds(30), Instant.now());

        // The operator's view of a bus whose ages were shortened since: 1 s + 1 s.
        DeadLetters shortened = admin.deadLetters(BusSettings.Streams.builder()
                .maxAge(Duration.ofSeconds(1)).deadLetterMaxAge(Duration.ofSeconds(1)).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(letter.publishedAt().plusSeconds(2)));
        assertThatThrownBy(() -> shortened.replay(letter.sequence()))
                .isInstanceOfSatisfying(ReplayRefused.class, e -> assertThat(e.sequence()).isEqualTo(letter.sequence()))
                .hasMessageContaining("Dead letter " + letter.sequence() + " is not replayed")
                .hasMessageContaining("beyond the dedupe horizon of PT2S")
                .hasMessageContaining("would apply it twice");

        assertThat(admin.deadLetters().list()).extracting(DeadLetter::sequence).containsExactly(letter.sequence());
        assertThat(nats.connection().jetStreamManagement().getStreamInfo(nats.namespace().stream("ordersvc"))
                .getStreamState().getMsgCount()).as("nothing re-published").isEqualTo(1);
        assertThat(attempts.get()).isEqualTo(1);

        // Within the horizon of the bus's real settings the same letter goes back.
        admin.deadLetters().replay(letter.sequence());
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 2);
    }

    @Test
    void aConsumerWhoseOldestPendingEventPasses80PercentOfTheMaxAgeIsReported() throws Exception {
        // Max age 6 s: the warning is due from 4.8 s on; the failing handler keeps the event pending.
        BusSettings.Streams streams = BusSettings.Streams.builder().maxAge(Duration.ofSeconds(6))
                .duplicateWindow(Duration.ofSeconds(1)).build();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        inventory = bus(ServiceName.INVENTORY, inventoryDb, streams,
                BusSettings.Consumers.builder().backoff(Duration.ofSeconds(30)).build(), meters);
        inventory.on(OrderCreated.class, event -> {
            throw new IllegalStateException("catalogue unreachable");
        });
        inventory.start();
        orders = bus(ServiceName.ORDER, orderDb, streams, BusSettings.Consumers.DEFAULTS, new SimpleMeterRegistry());
        orders.start();
        Instant placed = Instant.now();
        placeOrder();

        await().atMost(Duration.ofSeconds(4)).until(() -> gauge(meters) > 1.0);
        assertThat(warnings(meters)).as("no warning below 80 %").isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> warnings(meters) >= 1);
        assertThat(Duration.between(placed, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(4800));
        assertThat(gauge(meters)).as("the oldest pending event's age, in seconds").isGreaterThanOrEqualTo(4.8);
    }

    static double warnings(SimpleMeterRegistry meters) {
        Counter counter = meters.find("marketbus.consumer.retention_warnings").tag("consumer", DURABLE).counter();
        return counter == null ? 0 : counter.count();
    }

    static double gauge(SimpleMeterRegistry meters) {
        Gauge gauge = meters.find("marketbus.consumer.oldest_pending.age").tag("consumer", DURABLE).gauge();
        return gauge == null ? 0 : gauge.value();
    }
}
