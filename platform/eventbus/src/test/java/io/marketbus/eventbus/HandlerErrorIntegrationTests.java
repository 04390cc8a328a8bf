package io.marketbus.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TestNats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An {@link Error} thrown in a handler ends neither the consumer's loop nor the event: the loop (one
 * worker, so nothing else could take over) goes on with later events, and the event is retried,
 * then dead-lettered if it keeps failing.
 */
class HandlerErrorIntegrationTests {

    static final BusSettings.Consumers ONE_WORKER = BusSettings.Consumers.builder()
            .workers(1).maxDeliveries(3).backoff(Duration.ofMillis(100)).ackWait(Duration.ofSeconds(3)).build();

    /** What the JVM throws when memory runs out, without running out of it. */
    static final class SimulatedOutOfMemory extends VirtualMachineError {
        SimulatedOutOfMemory() {
            super("simulated: Java heap space");
        }
    }

    TestNats nats;
    TestDatabase orderDb;
    TestDatabase inventoryDb;
    EventBus orders;
    EventBus inventory;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        nats = TestNats.start();
        orderDb = TestDatabase.create("ordersvc");
        inventoryDb = TestDatabase.create("inventorysvc");
        JdbcClient.create(inventoryDb.dataSource()).sql("create table handled (order_id uuid not null)").update();
        orders = bus(ServiceName.ORDER, orderDb, BusSettings.Consumers.DEFAULTS, new SimpleMeterRegistry());
        inventory = bus(ServiceName.INVENTORY, inventoryDb, ONE_WORKER, meters);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {orders, inventory, orderDb, inventoryDb, nats}) {
            if (c != null) {
                c.close();
            }
        }
    }

    EventBus bus(ServiceName service, TestDatabase db, BusSettings.Consumers consumers, SimpleMeterRegistry registry)
            throws Exception {
        BusSettings settings = BusSettings.builder(service, nats.namespace()).consumers(consumers)
                .relay(BusSettings.Relay.builder().pollInterval(Duration.ofMillis(50)).build()).build();
        return EventBus.builder(settings, nats.connectAs(service, service.busName()), db.dataSource())
                .provisioning(nats.connection()).codec(new EventCodec(EventCatalogue.load()))
                .meterRegistry(registry).wholeContract(false).build();
    }

    /** Records the order, after {@code failure} decided whether this attempt throws. */
    void handle(java.util.function.BiFunction<UUID, Integer, Error> failure) {
        JdbcClient jdbc = JdbcClient.create(inventoryDb.dataSource());
        inventory.on(OrderCreated.class, e -> {
            UUID order = e.data().orderId();
            int attempt = attempts.computeIfAbsent(order, o -> new AtomicInteger()).incrementAndGet();
            jdbc.sql("insert into handled (order_id) values (?)").param(order).update();
            Error error = failure.apply(order, attempt);
            if (error != null) {
                throw error; // after the insert: its rollback is checked too
            }
        });
    }

    UUID place() {
        return place(UUID.randomUUID());
    }

    /** The id is the caller's, so it can mark the order before any handler can see it. */
    UUID place(UUID id) {
        new TransactionTemplate(new DataSourceTransactionManager(orderDb.dataSource())).executeWithoutResult(s ->
                orders.outbox().append(id.toString(), new OrderCreated(id, OrderStatus.PENDING, 10, UUID.randomUUID(), 1)));
        return id;
    }

    int handled(UUID order) {
        return JdbcClient.create(inventoryDb.dataSource()).sql("select count(*) from handled where order_id = ?")
                .param(order).query(Integer.class).single();
    }

    double counted(String name, String detail) {
        return meters.find(name).tag("detail", detail).counters().stream().mapToDouble(Counter::count).sum();
    }

    DeadLetters deadLetters() throws Exception {
        return new BusAdministration(nats.connection(), nats.namespace()).deadLetters();
    }

    @Test
    void errorsInAHandlerAreRetriedAndDeadLettered_andTheLoopGoesOnWithLaterEvents() throws Exception {
        Set<UUID> overflowOnce = ConcurrentHashMap.newKeySet();
        Set<UUID> alwaysAsserting = ConcurrentHashMap.newKeySet();
        handle((order, attempt) -> {
            if (overflowOnce.contains(order) && attempt == 1) {
                return new StackOverflowError("simulated");
            }
            return alwaysAsserting.contains(order) ? new AssertionError("simulated: invariant broken") : null;
        });
        orders.start();
        inventory.start();

        UUID overflow = UUID.randomUUID();
        overflowOnce.add(overflow);
        place(overflow);
        UUID asserting = UUID.randomUUID();
        alwaysAsserting.add(asserting);
        place(asserting);
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts.containsKey(asserting) && attempts.containsKey(overflow));
        UUID later = place();
        UUID evenLater = place();

        await().atMost(Duration.ofSeconds(20)).until(() -> handled(later) == 1 && handled(evenLater) == 1
                && handled(overflow) == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters().list().size() == 1);
        DeadLetter letter = deadLetters().list().getFirst();
        assertThat(letter.kind()).isEqualTo("HANDLER_FAILED");
        assertThat(letter.reason()).contains("AssertionError").contains("invariant broken");
        assertThat(letter.deliveries()).isEqualTo(3);
        assertThat(handled(asserting)).as("each attempt rolled back").isZero();
        // Ran again after its one failure. Not exactly twice: when its redelivery shares a batch with
        // the asserting event, the batch rolls back and it runs once more (it commits once, above).
        assertThat(attempts.get(overflow).get()).isGreaterThanOrEqualTo(2);
        assertThat(counted("marketbus.consumer.errors", "StackOverflowError")).isEqualTo(1);
        assertThat(counted("marketbus.consumer.errors", "AssertionError")).isEqualTo(3);
    }

    @Test
    void anOutOfMemoryErrorRestartsTheLoop_andTheEventComesBack() throws Exception {
        Set<UUID> outOfMemoryOnce = ConcurrentHashMap.newKeySet();
        handle((order, attempt) -> outOfMemoryOnce.contains(order) && attempt == 1 ? new SimulatedOutOfMemory() : null);
        orders.start();
        inventory.start();

        UUID first = place();
        await().atMost(Duration.ofSeconds(20)).until(() -> handled(first) == 1);
        UUID struck = UUID.randomUUID();
        outOfMemoryOnce.add(struck);
        place(struck);
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts.containsKey(struck));
        UUID later = place();

        await().atMost(Duration.ofSeconds(20)).until(() -> handled(struck) == 1 && handled(later) == 1);
        assertThat(attempts.get(struck)).hasValue(2);
        assertThat(handled(first)).isEqualTo(1);
        assertThat(counted("marketbus.consumer.loop_restarts", "none")).isEqualTo(1);
        assertThat(counted("marketbus.consumer.errors", "SimulatedOutOfMemory")).isEqualTo(1);
        assertThat(deadLetters().list()).isEmpty();
    }
}
