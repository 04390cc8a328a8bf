package io.marketbus.benchmarks.bus;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.eventbus.BusAdministration;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.EventBus;
import io.marketbus.contract.Namespace;
import io.marketbus.busaccess.BusIdentities;
import io.marketbus.contract.access.BusPermissions;
import io.marketbus.eventbus.NatsConnections;
import io.marketbus.testkit.TestDatabase;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Measures, in one run on one NATS server: raw JetStream async publish with acks, publishing through
 * the outbox relay, and consuming through the runtime (inbox + transaction per event), each with the
 * same CloudEvents envelopes; prints the figures and their ratio to raw.
 *
 * <pre>./marketbus bench bus       (NATS_URL, BENCH_EVENTS=20000; PostgreSQL as for the tests: TestPostgres)</pre>
 */
public final class BusBenchmark {


    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(System.getenv().getOrDefault("BENCH_EVENTS", "20000"));
        String natsUrl = System.getenv().getOrDefault("NATS_URL", "nats://127.0.0.1:4222");
        Namespace namespace = new Namespace("bench" + Long.toHexString(System.nanoTime()).substring(0, 6));
        EventCodec codec = new EventCodec(EventCatalogue.load());

        try (Connection nats = NatsConnections.connect(natsUrl, "marketbus-bench", new NatsConnections.Reconnects(),
                BusIdentities.fromEnvironment(), BusPermissions.PROVISIONING);
             TestDatabase orderDb = TestDatabase.create("bench_orders");
             TestDatabase inventoryDb = TestDatabase.create("bench_inventory")) {
            new BusAdministration(nats, namespace)
                    .provision(EventCatalogue.load(), BusSettings.Streams.DEFAULTS, BusSettings.Consumers.DEFAULTS);
            byte[] sample = codec.encode(event());
            System.out.printf("Marketbus bus benchmark: %,d events of %d bytes, NATS %s, PostgreSQL %s, %d cores%n%n",
                    events, sample.length, natsUrl, TestDatabase.URL, Runtime.getRuntime().availableProcessors());

            double raw = rawPublish(nats.jetStream(), namespace, codec, events);
            double relay = relayPublish(nats, namespace, orderDb, events);
            double consume = consume(nats, namespace, inventoryDb, events);

            System.out.println();
            System.out.printf("%-44s %14s %10s%n", "measure", "events/s", "vs raw");
            System.out.printf("%-44s %,14.0f %10s%n", "raw JetStream async publish (acked)", raw, "1.00");
            System.out.printf("%-44s %,14.0f %10.2f%n", "outbox relay publish (DB rows -> acked)", relay, relay / raw);
            System.out.printf("%-44s %,14.0f %10.2f%n", "consume via runtime (tx + inbox + ack)", consume, consume / raw);
            System.out.println();
            System.out.println("Reference measured on this machine kind (issue notes): sync publish ~5.9 k/s, "
                    + "async publish ~67 k/s, durable pull consume ~95 k/s.");
            cleanUp(nats.jetStreamManagement(), namespace);
        }
    }

    private static CloudEvent<OrderCreated> event() {
        UUID order = UUID.randomUUID();
        return CloudEvent.of(ServiceName.ORDER, order.toString(), UUID.randomUUID().toString(), null,
                new OrderCreated(order, OrderStatus.PENDING, 42, UUID.randomUUID(), 1));
    }

    /** Raw: see {@link RawPublish}. */
    static double rawPublish(JetStream js, Namespace namespace, EventCodec codec, int events) throws Exception {
        RawPublish.Result result = RawPublish.publish(js, namespace, codec, events);
        System.out.printf("raw publish:     %,d events in %.2f s%n", events, result.seconds());
        return result.rate();
    }

    /** Relay: rows committed to the outbox beforehand; time from relay start to the last row marked. */
    static double relayPublish(Connection nats, Namespace namespace, TestDatabase db, int events) throws Exception {
        BusSettings settings = BusSettings.builder(ServiceName.ORDER, namespace)
                .relay(BusSettings.Relay.builder()
                        .pollInterval(Duration.ofMillis(20)).batchSize(1000).ackTimeout(Duration.ofSeconds(10)).build())
                .build();
        try (EventBus bus = EventBus.builder(settings, nats, db.dataSource()).wholeContract(false).build()) {
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
            for (int batch = 0; batch < events; batch += 1000) {
                int size = Math.min(1000, events - batch);
                tx.executeWithoutResult(s -> {
                    for (int i = 0; i < size; i++) {
                        CloudEvent<OrderCreated> e = event();
                        bus.outbox().append(e.subject(), e.data());
                    }
                });
            }
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            long start = System.nanoTime();
            int published = 0;
            while (published < events) {
                published += bus.relayNow();
            }
            double elapsed = seconds(start);
            long left = jdbc.sql("select count(*) from eventbus_outbox where published_at is null").query(Long.class).single();
            System.out.printf("relay publish:   %,d events in %.2f s (%d left unpublished)%n", events, elapsed, left);
            return events / elapsed;
        }
    }

    /** Consume: the durable consumer of inventorysvc reads every event in the stream, each in its own transaction. */
    static double consume(Connection nats, Namespace namespace, TestDatabase db, int expected) throws Exception {
        long inStream = nats.jetStreamManagement().getStreamInfo(namespace.stream("ordersvc")).getStreamState().getMsgCount();
        CountDownLatch handled = new CountDownLatch((int) inStream);
        BusSettings settings = BusSettings.builder(ServiceName.INVENTORY, namespace)
                .consumers(BusSettings.Consumers.builder().maxAckPending(4000).workers(4).batchSize(256).build())
                .build();
        try (EventBus bus = EventBus.builder(settings, nats, db.dataSource()).wholeContract(false).build()) {
            bus.on(OrderCreated.class, e -> handled.countDown());
            long start = System.nanoTime();
            bus.start();
            if (!handled.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("consume did not finish: " + handled.getCount() + " left of " + inStream);
            }
            double elapsed = seconds(start);
            System.out.printf("consume:         %,d events in %.2f s%n", inStream, elapsed);
            return inStream / elapsed;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void cleanUp(JetStreamManagement management, Namespace namespace) throws Exception {
        for (String stream : management.getStreamNames()) {
            if (stream.startsWith(namespace.prefix() + "_")) {
                management.deleteStream(stream);
            }
        }
    }
}
