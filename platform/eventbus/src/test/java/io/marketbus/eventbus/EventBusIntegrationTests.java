package io.marketbus.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.ContractViolation;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.Money;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.contract.events.PolicyUpdated;
import io.marketbus.contract.events.ProductReserved;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TestNats;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import io.marketbus.contract.events.UpsertPolicy;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The runtime against the real JetStream server and real PostgreSQL: ordersvc publishes through its
 * outbox, inventorysvc handles through a durable consumer and its inbox, each with its own schema.
 */
class EventBusIntegrationTests {

    static final EventCodec codec = new EventCodec(EventCatalogue.load());
    static final BusSettings.Consumers FAST_RETRIES = BusSettings.Consumers.builder()
            .maxDeliveries(3).backoff(Duration.ofMillis(50)).build();

    TestNats nats;
    TestDatabase orderDb;
    TestDatabase inventoryDb;
    EventBus orders;
    EventBus inventory;

    @BeforeEach
    void setUp() throws Exception {
        nats = TestNats.start();
        orderDb = TestDatabase.create("ordersvc");
        inventoryDb = TestDatabase.create("inventorysvc");
        JdbcClient.create(inventoryDb.dataSource())
                .sql("create table handled (event_id uuid not null, order_id uuid not null, request_id varchar(128))").update();
        orders = bus(ServiceName.ORDER, orderDb, BusSettings.Consumers.DEFAULTS);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {orders, inventory, orderDb, inventoryDb, nats}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** The operator's view: on a secured bus only the provisioning identity may read the dead letters. */
    DeadLetters deadLetters() throws Exception {
        return new BusAdministration(nats.connection(), nats.namespace()).deadLetters();
    }

    EventBus bus(ServiceName service, TestDatabase db, BusSettings.Consumers consumers) throws Exception {
        BusSettings settings = BusSettings.builder(service, nats.namespace())
                .consumers(consumers)
                .relay(BusSettings.Relay.builder().pollInterval(Duration.ofMillis(50)).build())
                .build();
        return EventBus.builder(settings, nats.connectAs(service, service.busName()), db.dataSource())
                .provisioning(nats.connection()).codec(codec).wholeContract(false).build();
    }

    /** inventorysvc recording every OrderCreated it handles. */
    EventBus inventoryRecording(BusSettings.Consumers consumers) throws Exception {
        EventBus bus = bus(ServiceName.INVENTORY, inventoryDb, consumers);
        JdbcClient jdbc = JdbcClient.create(inventoryDb.dataSource());
        bus.on(OrderCreated.class, event -> jdbc
                .sql("insert into handled (event_id, order_id, request_id) values (?, ?, ?)")
                .params(event.id(), event.data().orderId(), RequestContext.current().requestId()).update());
        return bus;
    }

    /** ordersvc places an order: its OrderCreated goes into the outbox of {@code via} in a transaction. */
    UUID placeOrder(EventBus via, String aggregate, UUID orderId, int quantity) {
        new TransactionTemplate(new DataSourceTransactionManager(orderDb.dataSource())).executeWithoutResult(s ->
                via.outbox().append(aggregate, new OrderCreated(orderId, OrderStatus.PENDING, 10, UUID.randomUUID(), quantity)));
        return orderId;
    }

    /** An order of its own aggregate, placed through {@link #orders}. */
    UUID placeOrder(UUID orderId, int quantity) {
        return placeOrder(orders, orderId.toString(), orderId, quantity);
    }

    UUID placeOrder() {
        return placeOrder(UUID.randomUUID(), 1);
    }

    int handled(UUID orderId) {
        return JdbcClient.create(inventoryDb.dataSource()).sql("select count(*) from handled where order_id = ?")
                .param(orderId).query(Integer.class).single();
    }

    /** Events in ordersvc's stream: what the relay has published so far. */
    long inOrderStream() throws Exception {
        return nats.connection().jetStreamManagement().getStreamInfo(nats.namespace().stream("ordersvc"))
                .getStreamState().getMsgCount();
    }

    int handledTotal() {
        return JdbcClient.create(inventoryDb.dataSource()).sql("select count(*) from handled").query(Integer.class).single();
    }

    @Test
    void aPolicyCommandGoesOutOnItsIssuersSubject_andTheHandlerGetsThatSubjectAndTheStreamSequence() throws Exception {
        EventBus authz = bus(ServiceName.AUTHZ, inventoryDb, BusSettings.Consumers.DEFAULTS);
        Map<String, Receipt> receipts = new ConcurrentHashMap<>();
        authz.onReceipt(UpsertPolicy.class, (event, receipt) -> receipts.put(event.data().resourceId(), receipt));
        try {
            authz.start();
            orders.start();
            assertThat(nats.connection().jetStreamManagement().getStreamInfo(nats.namespace().stream("authzsvc"))
                    .getConfiguration().getSubjects()).as("exactly the two command wildcards besides authzsvc.*")
                    .containsExactlyInAnyOrder(nats.namespace().subject("authzsvc.*"),
                            nats.namespace().subject("authzsvc.event-upsert-policy.*"),
                            nats.namespace().subject("authzsvc.event-remove-policy.*"));
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(orderDb.dataSource()));
            for (String id : List.of("1", "2")) {
                tx.executeWithoutResult(s -> orders.outbox().append("9", new UpsertPolicy("9", "orders", id, "get")));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> receipts.size() == 2);
            assertThat(receipts.values()).extracting(Receipt::subject).containsOnly("authzsvc.event-upsert-policy.ordersvc");
            assertThat(codec.catalogue().get("event-upsert-policy").senderOf(receipts.get("1").subject()))
                    .hasValue(ServiceName.ORDER);
            // Handlers may run in parallel; the sequence still tells the order the stream received them in.
            assertThat(receipts.get("2").streamSequence()).isGreaterThan(receipts.get("1").streamSequence());
        } finally {
            authz.close();
        }
    }

    @Test
    void provisioningIsIdempotent() throws Exception {
        orders.start();
        inventory = inventoryRecording(BusSettings.Consumers.DEFAULTS);
        inventory.start();
        JetStreamManagement jsm = nats.connection().jetStreamManagement();
        String stream = nats.namespace().stream("ordersvc");
        StreamConfiguration before = jsm.getStreamInfo(stream).getConfiguration();
        ConsumerInfo consumer = jsm.getConsumerInfo(stream, "event-order-created-inventorysvc");

        inventory.close();
        inventory = inventoryRecording(BusSettings.Consumers.DEFAULTS);
        inventory.start();

        assertThat(jsm.getStreamInfo(stream).getConfiguration().toJson()).isEqualTo(before.toJson());
        assertThat(before.getSubjects()).containsExactly(nats.namespace().subject("ordersvc.*"));
        assertThat(before.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(jsm.getConsumerInfo(stream, "event-order-created-inventorysvc").getCreationTime())
                .isEqualTo(consumer.getCreationTime());
        assertThat(jsm.getStreamNames()).filteredOn(n -> n.startsWith(nats.namespace().prefix() + "_"))
                .containsExactlyInAnyOrder(
                        nats.namespace().stream("authnsvc"), nats.namespace().stream("authzsvc"),
                        nats.namespace().stream("ordersvc"), nats.namespace().stream("inventorysvc"),
                        nats.namespace().stream("paymentsvc"), nats.namespace().stream("deadletter"));
    }

    @Test
    void anEventPublishedByOneServiceIsHandledByAnother_withTheRequestIdCarriedAlong() throws Exception {
        orders.start();
        inventory = inventoryRecording(BusSettings.Consumers.DEFAULTS);
        inventory.start();

        UUID orderId = UUID.randomUUID();
        new RequestContext("req-42", null).run(() -> placeOrder(orderId, 2));

        await().atMost(Duration.ofSeconds(10)).until(() -> handled(orderId) == 1);
        assertThat(JdbcClient.create(inventoryDb.dataSource()).sql("select request_id from handled").query(String.class).single())
                .isEqualTo("req-42");
        await().atMost(Duration.ofSeconds(5)).until(() -> JdbcClient.create(orderDb.dataSource())
                .sql("select count(*) from eventbus_outbox where published_at is null").query(Integer.class).single() == 0);
    }

    @Test
    void eventsPublishedWhileTheConsumerIsDownAreHandledWhenItStarts() throws Exception {
        orders.start();
        // inventorysvc has never run: the durable consumer does not exist yet either.
        List<UUID> placed = java.util.stream.IntStream.range(0, 20).mapToObj(i -> placeOrder()).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> inOrderStream() == 20);

        inventory = inventoryRecording(BusSettings.Consumers.DEFAULTS);
        inventory.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> handledTotal() == 20);
        placed.forEach(id -> assertThat(handled(id)).isEqualTo(1));
    }

    @Test
    void aCommittedEventIsPublishedAfterARelayCrash_evenWhenItWasPublishedButNotMarked() throws Exception {
        // The relay is not running (a crash right after commit): the event waits in the outbox.
        UUID first = placeOrder();
        // A second event was published but the crash came before it was marked published.
        UUID second = placeOrder();
        String envelope = JdbcClient.create(orderDb.dataSource())
                .sql("select envelope from eventbus_outbox where aggregate_id = ?").param(second.toString())
                .query(String.class).single();
        String eventId = codec.decode(envelope.getBytes(StandardCharsets.UTF_8)).id().toString();
        inventory = inventoryRecording(BusSettings.Consumers.DEFAULTS);
        inventory.start(); // provisions the streams
        nats.connection().jetStream().publish(nats.namespace().subject("ordersvc.event-order-created"), null,
                envelope.getBytes(StandardCharsets.UTF_8), PublishOptions.builder().messageId(eventId).build());

        orders.start(); // the restarted service's relay

        await().atMost(Duration.ofSeconds(10)).until(() -> handled(first) == 1 && handled(second) == 1);
        assertThat(nats.connection().jetStreamManagement().getStreamInfo(nats.namespace().stream("ordersvc"))
                .getStreamState().getMsgCount()).as("JetStream dropped the republished duplicate").isEqualTo(2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> handledTotal() == 2);
    }

    @Test
    void theSameEventDeliveredTwiceHasOneEffect() throws Exception {
        inventory = inventoryRecording(BusSettings.Consumers.DEFAULTS);
        inventory.start();
        UUID orderId = UUID.randomUUID();
        byte[] body = codec.encode(CloudEvent.of(ServiceName.ORDER, null, null, null,
                new OrderCreated(orderId, OrderStatus.PENDING, 10, UUID.randomUUID(), 1)));
        // Two publishes with different message ids get past JetStream's own duplicate window.
        for (int i = 0; i < 2; i++) {
            nats.connection().jetStream().publish(nats.namespace().subject("ordersvc.event-order-created"), null, body,
                    PublishOptions.builder().messageId("copy-" + i).build());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> nats.connection().jetStreamManagement()
                .getConsumerInfo(nats.namespace().stream("ordersvc"), "event-order-created-inventorysvc")
                .getAckFloor().getStreamSequence() == 2);
        assertThat(handled(orderId)).isEqualTo(1);
    }

    @Test
    void aHandlerFailingTwiceThenSucceedingTakesEffectOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        JdbcClient jdbc = JdbcClient.create(inventoryDb.dataSource());
        inventory = bus(ServiceName.INVENTORY, inventoryDb, FAST_RETRIES);
        inventory.on(OrderCreated.class, event -> {
            jdbc.sql("insert into handled (event_id, order_id) values (?, ?)").params(event.id(), event.data().orderId()).update();
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("transient failure " + attempts.get());
            }
        });
        orders.start();
        inventory.start();

        UUID orderId = placeOrder();

        await().atMost(Duration.ofSeconds(10)).until(() -> handled(orderId) == 1);
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(deadLetters().list()).isEmpty();
    }

    @Test
    void inABatchAFailingEventRollsBackOnlyItsOwnEffects() throws Exception {
        JdbcClient jdbc = JdbcClient.create(inventoryDb.dataSource());
        java.util.Set<UUID> failOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        inventory = bus(ServiceName.INVENTORY, inventoryDb, FAST_RETRIES);
        inventory.on(OrderCreated.class, event -> {
            jdbc.sql("insert into handled (event_id, order_id) values (?, ?)").params(event.id(), event.data().orderId()).update();
            if (event.data().quantity() == 2 && failOnce.add(event.data().orderId())) {
                throw new IllegalStateException("fails once, after writing");
            }
        });
        // Everything is in the stream before the consumer starts, so batches hold good and failing events.
        orders.start();
        List<UUID> placed = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            placed.add(placeOrder(UUID.randomUUID(), i % 4 == 0 ? 2 : 1));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> inOrderStream() == 40);
        inventory.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> handledTotal() == 40);
        placed.forEach(id -> assertThat(handled(id)).as("exactly one effect for %s", id).isEqualTo(1));
        assertThat(failOnce).hasSize(10);
    }

    @Test
    void aHandlerThatAlwaysFailsSendsTheEventToTheDeadLetters_andTheConsumerCarriesOn_andReplayWorks() throws Exception {
        ConcurrentLinkedQueue<UUID> seen = new ConcurrentLinkedQueue<>();
        UUID poisoned = UUID.randomUUID();
        AtomicInteger poisonedAttempts = new AtomicInteger();
        var healed = new java.util.concurrent.atomic.AtomicBoolean();
        inventory = bus(ServiceName.INVENTORY, inventoryDb, FAST_RETRIES);
        inventory.on(OrderCreated.class, event -> {
            if (event.data().orderId().equals(poisoned) && !healed.get()) {
                poisonedAttempts.incrementAndGet();
                throw new IllegalStateException("product catalogue unreachable");
            }
            seen.add(event.data().orderId());
        });
        orders.start();
        inventory.start();

        placeOrder(poisoned, 1);
        UUID later = placeOrder();

        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters().list().size() == 1);
        DeadLetter letter = deadLetters().list().getFirst();
        assertThat(letter.kind()).isEqualTo("HANDLER_FAILED");
        assertThat(letter.reason()).contains("product catalogue unreachable");
        assertThat(letter.deliveries()).isEqualTo(3);
        assertThat(letter.service()).isEqualTo("inventorysvc");
        assertThat(letter.eventName()).isEqualTo("event-order-created");
        assertThat(letter.originalSubject()).isEqualTo("ordersvc.event-order-created");
        assertThat(poisonedAttempts.get()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(later));

        healed.set(true);
        deadLetters().replay(letter.sequence());
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(poisoned));
        assertThat(deadLetters().list()).isEmpty();
    }

    @Test
    void poisonMessagesAreDeadLetteredAtOnce_andGoodEventsStillFlow() throws Exception {
        inventory = inventoryRecording(FAST_RETRIES);
        inventory.start();
        String subject = nats.namespace().subject("ordersvc.event-order-created");
        var js = nats.connection().jetStream();
        js.publish(subject, "{not json".getBytes(StandardCharsets.UTF_8));
        js.publish(subject, """
                {"specversion":"1.0","id":"%s","source":"/marketbus/ordersvc","type":"event-order-teleported",
                 "time":"2026-01-01T00:00:00Z","datacontenttype":"application/json","data":{}}"""
                .formatted(UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        js.publish(subject, """
                {"specversion":"1.0","id":"%s","source":"/marketbus/ordersvc","type":"event-order-created",
                 "time":"2026-01-01T00:00:00Z","datacontenttype":"application/json",
                 "data":{"order_id":"nope","order_status":"pending","account_id":10,"product_id":"%s","quantity":-1}}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        // The right type on the wrong subject is refused too.
        js.publish(subject, codec.encode(CloudEvent.of(ServiceName.INVENTORY, null, null, null,
                new ProductReserved(UUID.randomUUID(), 10, Money.of("1.00")))));
        orders.start();
        UUID good = placeOrder();

        await().atMost(Duration.ofSeconds(10)).until(() -> handled(good) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters().list().size() == 4);
        List<DeadLetter> letters = deadLetters().list();
        assertThat(letters).extracting(DeadLetter::kind)
                .containsExactlyInAnyOrder("MALFORMED", "UNKNOWN_TYPE", "SCHEMA", "UNKNOWN_TYPE");
        assertThat(letters).allSatisfy(l -> assertThat(l.deliveries()).as("no retries for poison").isEqualTo(1));
        assertThat(letters).filteredOn(l -> l.kind().equals("SCHEMA")).singleElement()
                .satisfies(l -> assertThat(l.reason()).contains("order_id").contains("quantity"));
        assertThat(letters).filteredOn(l -> l.kind().equals("MALFORMED")).singleElement()
                .satisfies(l -> assertThat(new String(l.body(), StandardCharsets.UTF_8)).isEqualTo("{not json"));
        assertThat(handledTotal()).isEqualTo(1);
    }

    @Test
    void everyInstanceSeesPerInstanceEvents() throws Exception {
        TestDatabase authzDb = TestDatabase.create("authzsvc");
        try (authzDb; EventBus second = bus(ServiceName.ORDER, orderDb, BusSettings.Consumers.DEFAULTS);
             EventBus authz = bus(ServiceName.AUTHZ, authzDb, BusSettings.Consumers.DEFAULTS)) {
            ConcurrentLinkedQueue<Long> first = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> other = new ConcurrentLinkedQueue<>();
            orders.onEveryInstance(PolicyUpdated.class, (event, seq) -> first.add(event.data().revision()));
            second.onEveryInstance(PolicyUpdated.class, (event, seq) -> other.add(event.data().revision()));
            authz.start();
            orders.start();
            second.start();

            new TransactionTemplate(new DataSourceTransactionManager(authzDb.dataSource())).executeWithoutResult(s -> {
                authz.outbox().append("10", new PolicyUpdated(PolicyUpdated.Method.PUT, "10", "orders", "1", "get", 1));
                authz.outbox().append("10", new PolicyUpdated(PolicyUpdated.Method.DELETE, "10", "orders", "1", "get", 2));
            });

            await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == 2 && other.size() == 2);
            assertThat(first).containsExactly(1L, 2L);
            assertThat(other).containsExactly(1L, 2L);
        }
    }

    @Test
    void aPerInstanceHandlerWithAReplayIsHandedWhatCameShortlyBeforeItsStart_othersOnlyWhatCameAfter() throws Exception {
        ConcurrentLinkedQueue<Long> early = new ConcurrentLinkedQueue<>();
        orders.onEveryInstance(io.marketbus.contract.events.AccountRevoked.class,
                (event, seq) -> early.add(event.data().accntId()));
        orders.start(); // provisions the streams
        String subject = nats.namespace().subject("authnsvc.event-account-revoked");
        var js = nats.connection().jetStream();
        js.publish(subject, codec.encode(CloudEvent.of(ServiceName.AUTHN, "1", null, null,
                new io.marketbus.contract.events.AccountRevoked(1, java.time.Instant.now()))));
        await().atMost(Duration.ofSeconds(10)).until(() -> early.size() == 1);

        ConcurrentLinkedQueue<Long> replayed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> fromNow = new ConcurrentLinkedQueue<>();
        try (EventBus withReplay = bus(ServiceName.ORDER, orderDb, BusSettings.Consumers.DEFAULTS);
             EventBus withoutReplay = bus(ServiceName.ORDER, orderDb, BusSettings.Consumers.DEFAULTS)) {
            withReplay.onEveryInstance(io.marketbus.contract.events.AccountRevoked.class, new BroadcastHandler<>() {
                @Override
                public void handle(CloudEvent<io.marketbus.contract.events.AccountRevoked> event, long sequence) {
                    replayed.add(event.data().accntId());
                }

                @Override
                public Duration replay() {
                    return Duration.ofMinutes(1);
                }
            });
            withoutReplay.onEveryInstance(io.marketbus.contract.events.AccountRevoked.class,
                    (event, seq) -> fromNow.add(event.data().accntId()));
            withReplay.start();
            withoutReplay.start();
            js.publish(subject, codec.encode(CloudEvent.of(ServiceName.AUTHN, "2", null, null,
                    new io.marketbus.contract.events.AccountRevoked(2, java.time.Instant.now()))));

            await().atMost(Duration.ofSeconds(10)).until(() -> replayed.size() == 2 && fromNow.size() == 1);
            assertThat(replayed).containsExactly(1L, 2L);
            assertThat(fromNow).containsExactly(2L);
        }
    }

    @Test
    void twoRelayingInstancesPublishEachEventOnce_inOrderPerAggregate() throws Exception {
        try (EventBus secondInstance = bus(ServiceName.ORDER, orderDb, BusSettings.Consumers.DEFAULTS)) {
            ConcurrentLinkedQueue<UUID> received = new ConcurrentLinkedQueue<>();
            inventory = bus(ServiceName.INVENTORY, inventoryDb, BusSettings.Consumers.DEFAULTS);
            inventory.on(OrderCreated.class, event -> received.add(event.data().orderId()));
            inventory.start();
            orders.start();
            secondInstance.start();
            List<UUID> expected = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                expected.add(placeOrder(i % 2 == 0 ? orders : secondInstance, "one-aggregate", UUID.randomUUID(), 1));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> inOrderStream() == 200);
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 200);
            assertThat(received).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
            // Stream order equals outbox order for the aggregate.
            var jsm = nats.connection().jetStreamManagement();
            List<UUID> streamOrder = new java.util.ArrayList<>();
            for (long seq = 1; seq <= 200; seq++) {
                var data = codec.decode(jsm.getMessage(nats.namespace().stream("ordersvc"), seq).getData()).data();
                streamOrder.add(((OrderCreated) data).orderId());
            }
            assertThat(streamOrder).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theOutboxRefusesWhatTheContractForbids_andTheTransactionRollsBack() throws Exception {
        JdbcClient jdbc = JdbcClient.create(orderDb.dataSource());
        jdbc.sql("create table orders (id uuid primary key)").update();
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(orderDb.dataSource()));
        orders.start();

        assertThatThrownBy(() -> orders.outbox().append("x", new OrderCreated(UUID.randomUUID(), OrderStatus.PENDING, 1,
                UUID.randomUUID(), 1))).isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            jdbc.sql("insert into orders (id) values (?)").param(UUID.randomUUID()).update();
            orders.outbox().append("x", new ProductReserved(UUID.randomUUID(), 1, Money.of("1.00")));
        })).isInstanceOfSatisfying(ContractViolation.class,
                v -> assertThat(v.kind()).isEqualTo(ContractViolation.Kind.NOT_IN_CONTRACT));
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            jdbc.sql("insert into orders (id) values (?)").param(UUID.randomUUID()).update();
            orders.outbox().append("x", new OrderCreated(UUID.randomUUID(), OrderStatus.PENDING, 1, UUID.randomUUID(), 0));
        })).isInstanceOfSatisfying(ContractViolation.class,
                v -> assertThat(v.kind()).isEqualTo(ContractViolation.Kind.SCHEMA));

        assertThat(jdbc.sql("select count(*) from orders").query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from eventbus_outbox").query(Integer.class).single()).isZero();
        try (EventBus another = bus(ServiceName.ORDER, orderDb, BusSettings.Consumers.DEFAULTS)) {
            assertThatThrownBy(() -> another.on(OrderCreated.class, e -> {}))
                    .isInstanceOf(ContractViolation.class).hasMessageContaining("no receive operation");
            assertThatThrownBy(() -> another.onEveryInstance(ProductReserved.class, (e, seq) -> {}))
                    .isInstanceOf(ContractViolation.class).hasMessageContaining("delivery shared");
        }
    }
}
