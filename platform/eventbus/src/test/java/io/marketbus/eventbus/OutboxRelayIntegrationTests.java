package io.marketbus.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TestNats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay against real JetStream and PostgreSQL when publishing fails part-way: an
 * aggregate's events reach the stream in order, without gaps or repeats, and the relay thread lives on.
 */
class OutboxRelayIntegrationTests {

    static final EventCodec codec = new EventCodec(EventCatalogue.load());

    TestNats nats;
    TestDatabase orderDb;
    TestDatabase inventoryDb;
    EventBus orders;
    EventBus inventory;
    /** Stream sequence by (aggregate, revision) as inventorysvc's handler saw them, counting repeats. */
    final Map<String, Integer> handled = new ConcurrentHashMap<>();

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

    EventBus bus(ServiceName service, TestDatabase db, BusSettings.Streams streams, SimpleMeterRegistry meters) throws Exception {
        BusSettings settings = BusSettings.builder(service, nats.namespace())
                .streams(streams)
                .relay(BusSettings.Relay.builder().pollInterval(Duration.ofMillis(50)).build())
                .build();
        return EventBus.builder(settings, nats.connectAs(service, service.busName()), db.dataSource())
                .provisioning(nats.connection()).codec(codec).wholeContract(false).meterRegistry(meters).build();
    }

    /** inventorysvc counting each (aggregate, revision) it handles; the revision travels as the quantity. */
    void startInventory(BusSettings.Streams streams) throws Exception {
        inventory = bus(ServiceName.INVENTORY, inventoryDb, streams, new SimpleMeterRegistry());
        inventory.on(OrderCreated.class, event -> handled.merge(event.subject() + "#" + event.data().quantity(), 1, Integer::sum));
        inventory.start();
    }

    void append(String aggregate, int revision, String requestId) {
        new RequestContext(requestId, null).run(() ->
                new TransactionTemplate(new DataSourceTransactionManager(orderDb.dataSource())).executeWithoutResult(s ->
                        orders.outbox().append(aggregate, new OrderCreated(UUID.randomUUID(), OrderStatus.PENDING, 10,
                                UUID.randomUUID(), revision))));
    }

    /** The revisions of an aggregate in the order the stream holds them (repeats included). */
    List<Integer> inStream(String aggregate) throws Exception {
        JetStreamManagement jsm = nats.connection().jetStreamManagement();
        String stream = nats.namespace().stream("ordersvc");
        long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
        List<Integer> revisions = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            CloudEvent<?> event = codec.decode(jsm.getMessage(stream, seq).getData());
            if (aggregate.equals(event.subject())) {
                revisions.add(((OrderCreated) event.data()).quantity());
            }
        }
        return revisions;
    }

    List<Integer> unpublished(String aggregate) {
        return JdbcClient.create(orderDb.dataSource()).sql("""
                        select envelope from eventbus_outbox where aggregate_id = ? and published_at is null order by position""")
                .param(aggregate).query(String.class).list().stream()
                .map(json -> ((OrderCreated) codec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).data()).quantity())
                .toList();
    }

    /** Midway between the largest ordinary message and revision 8 of A, headers (which the limit counts) included. */
    int sizeBetweenRevision8AndTheRest() {
        JdbcClient jdbc = JdbcClient.create(orderDb.dataSource());
        int largest = jdbc.sql("select max(octet_length(envelope)) from eventbus_outbox where envelope not like ?")
                .param("%" + "r".repeat(128) + "%").query(Integer.class).single();
        int eighth = jdbc.sql("select octet_length(envelope) from eventbus_outbox where envelope like ?")
                .param("%" + "r".repeat(128) + "%").query(Integer.class).single();
        assertThat(eighth - largest).as("room for a limit between them").isGreaterThan(100);
        String headers = "NATS/1.0\r\nContent-Type: application/cloudevents+json\r\nNats-Msg-Id: " + UUID.randomUUID()
                + "\r\nNats-Expected-Stream: " + nats.namespace().stream("ordersvc") + "\r\n\r\n";
        return headers.length() + (largest + eighth) / 2;
    }

    int handledOnce(String aggregate, int revisions) {
        return (int) IntStream.rangeClosed(1, revisions).filter(r -> handled.getOrDefault(aggregate + "#" + r, 0) == 1).count();
    }

    @Test
    void aPublishTheStreamRefusesInTheMiddleOfAnAggregateHoldsItsLaterEventsBack_otherAggregatesGoOn_andAllArriveInOrderOnceItIsAccepted()
            throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        startInventory(BusSettings.Streams.DEFAULTS); // provisions the streams
        orders = bus(ServiceName.ORDER, orderDb, BusSettings.Streams.DEFAULTS, meters);
        for (int revision = 1; revision <= 20; revision++) {
            append("A", revision, revision == 8 ? "r".repeat(128) : "req-" + revision);
            if (revision <= 10) {
                append("B", revision, "req-b" + revision);
            }
        }
        // A real refusal: the stream takes no message as large as revision 8 of A (its request id is the
        // longest the contract allows), and every other one.
        JetStreamManagement jsm = nats.connection().jetStreamManagement();
        StreamConfiguration config = jsm.getStreamInfo(nats.namespace().stream("ordersvc")).getConfiguration();
        jsm.updateStream(StreamConfiguration.builder(config).maximumMessageSize(sizeBetweenRevision8AndTheRest()).build());

        orders.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> handledOnce("B", 10) == 10);
        await().atMost(Duration.ofSeconds(15)).until(() -> handledOnce("A", 7) == 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.find("marketbus.relay.failures").tag("kind", "exception")
                .counter() != null && meters.get("marketbus.relay.failures").tag("kind", "exception").counter().count() >= 2);
        assertThat(inStream("A")).as("nothing of A after the refused revision 8").containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(unpublished("A")).as("revisions 8 to 20 wait in the outbox")
                .containsExactlyElementsOf(IntStream.rangeClosed(8, 20).boxed().toList());
        assertThat(inStream("B")).containsExactlyElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());

        jsm.updateStream(StreamConfiguration.builder(config).maximumMessageSize(-1).build());

        await().atMost(Duration.ofSeconds(20)).until(() -> handledOnce("A", 20) == 20);
        assertThat(inStream("A")).as("in order, gapless, none twice")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(unpublished("A")).isEmpty();
        assertThat(handled).as("each event handled once").hasSize(30).allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
    }

    /**
     * Without a failure the stream holds a service's events in the order they were written, across
     * aggregates too: the policy caches read authzsvc's revisions in stream order, one aggregate per
     * subject, and take a revision out of turn for a gap (seen: waves of "the next row of every
     * aggregate" put A2 before B1 and gave hundreds of cache resets under load).
     */
    @Test
    void withoutFailuresTheStreamKeepsTheWrittenOrderAcrossAggregates() throws Exception {
        startInventory(BusSettings.Streams.DEFAULTS);
        orders = bus(ServiceName.ORDER, orderDb, BusSettings.Streams.DEFAULTS, new SimpleMeterRegistry());
        List<String> written = new ArrayList<>();
        String[] pattern = {"A", "A", "B", "A", "C", "B", "B", "A", "C", "C"};
        Map<String, Integer> revisions = new java.util.HashMap<>();
        for (int round = 0; round < 10; round++) {
            for (String aggregate : pattern) {
                int revision = revisions.merge(aggregate, 1, Integer::sum);
                append(aggregate, revision, "req-" + aggregate + revision);
                written.add(aggregate + "#" + revision);
            }
        }

        orders.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == written.size());
        JetStreamManagement jsm = nats.connection().jetStreamManagement();
        String stream = nats.namespace().stream("ordersvc");
        List<String> stored = new ArrayList<>();
        for (long seq = 1; seq <= jsm.getStreamInfo(stream).getStreamState().getLastSequence(); seq++) {
            CloudEvent<?> event = codec.decode(jsm.getMessage(stream, seq).getData());
            stored.add(event.subject() + "#" + ((OrderCreated) event.data()).quantity());
        }
        assertThat(stored).as("stream order = outbox order").containsExactlyElementsOf(written);
    }

    @Test
    void anErrorThrownInARelayRoundIsCountedAndTheRelayGoesOn_keepingWhatWasAcknowledged() throws Exception {
        // A duplicate window far shorter than the relay's pause after a failure: a row published but
        // not marked would be published again after it, and show up twice in the stream.
        BusSettings.Streams streams = BusSettings.Streams.builder().duplicateWindow(Duration.ofMillis(100)).build();
        startInventory(streams);
        ThrowingOnce meters = new ThrowingOnce();
        orders = bus(ServiceName.ORDER, orderDb, streams, meters);
        for (int revision = 1; revision <= 5; revision++) {
            append("A", revision, "req-" + revision);
        }
        meters.armed.set(true); // the relay's third published-count throws a StackOverflowError
        orders.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> !meters.armed.get() && meters.thrown > 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.find("marketbus.relay.failures").tag("kind", "error")
                .counter() != null);
        assertThat(meters.get("marketbus.relay.failures").tag("kind", "error").counter().count()).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> handledOnce("A", 5) == 5);

        // The thread lives on: what is appended afterwards goes out too.
        for (int revision = 6; revision <= 8; revision++) {
            append("A", revision, "req-" + revision);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> handledOnce("A", 8) == 8);
        assertThat(inStream("A")).as("nothing published twice").containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(unpublished("A")).isEmpty();
    }

    /** A registry whose published-events counter throws an Error once, on its third increment after arming. */
    static final class ThrowingOnce extends SimpleMeterRegistry {
        final AtomicBoolean armed = new AtomicBoolean();
        volatile int thrown;
        private int counted;

        @Override
        protected Counter newCounter(Meter.Id id) {
            Counter real = super.newCounter(id);
            if (!id.getName().equals("marketbus.events.published")) {
                return real;
            }
            return new Counter() {
                @Override
                public void increment(double amount) {
                    synchronized (ThrowingOnce.this) {
                        if (armed.get() && ++counted == 3) {
                            armed.set(false);
                            thrown++;
                            throw new StackOverflowError("injected into a relay round");
                        }
                    }
                    real.increment(amount);
                }

                @Override
                public double count() {
                    return real.count();
                }

                @Override
                public Id getId() {
                    return real.getId();
                }
            };
        }
    }
}
