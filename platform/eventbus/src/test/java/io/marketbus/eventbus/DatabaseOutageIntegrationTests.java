package io.marketbus.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.testkit.TcpProxy;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TestNats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * inventorysvc's database goes away (a TCP proxy in front of PostgreSQL is cut) for longer than the
 * consumer's deliveries would last, while ordersvc keeps publishing: nothing is dead-lettered, and
 * once the database is back every event is handled exactly once.
 */
class DatabaseOutageIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageIntegrationTests.class);
    /** Three deliveries 100 ms apart: without holding, an event would be dead-lettered within ~4 s of the cut. */
    static final BusSettings.Consumers SHORT_DELIVERIES = BusSettings.Consumers.builder()
            .maxDeliveries(3).backoff(Duration.ofMillis(100)).ackWait(Duration.ofSeconds(2))
            .outageRetry(Duration.ofMillis(200), Duration.ofSeconds(1)).build();
    static final Duration CUT = Duration.ofSeconds(24);

    TestNats nats;
    TestDatabase orderDb;
    TestDatabase inventoryDb;
    TcpProxy proxy;
    HikariDataSource throughProxy;
    EventBus orders;
    EventBus inventory;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() throws Exception {
        nats = TestNats.start();
        orderDb = TestDatabase.create("ordersvc");
        inventoryDb = TestDatabase.create("inventorysvc");
        JdbcClient.create(inventoryDb.dataSource()).sql("create table handled (order_id uuid not null)").update();
        proxy = proxyTo(inventoryDb.jdbcUrl());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(inventoryDb.jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"));
        config.setUsername(inventoryDb.user());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(1_000); // as a service's would fail, only sooner
        config.setValidationTimeout(500);
        throughProxy = new HikariDataSource(config);
        orders = bus(ServiceName.ORDER, orderDb.dataSource(), BusSettings.Consumers.DEFAULTS, new SimpleMeterRegistry());
        inventory = bus(ServiceName.INVENTORY, throughProxy, SHORT_DELIVERIES, meters);
        JdbcClient jdbc = JdbcClient.create(throughProxy);
        inventory.on(OrderCreated.class, e -> jdbc.sql("insert into handled (order_id) values (?)")
                .param(e.data().orderId()).update());
    }

    static TcpProxy proxyTo(String jdbcUrl) {
        Matcher m = Pattern.compile("//([^/:]+):(\\d+)/").matcher(jdbcUrl);
        assertThat(m.find()).as("a PostgreSQL on TCP: " + jdbcUrl).isTrue();
        return TcpProxy.to(m.group(1), Integer.parseInt(m.group(2)));
    }

    EventBus bus(ServiceName service, javax.sql.DataSource dataSource, BusSettings.Consumers consumers,
                 SimpleMeterRegistry registry) throws Exception {
        BusSettings settings = BusSettings.builder(service, nats.namespace()).consumers(consumers)
                .relay(BusSettings.Relay.builder().pollInterval(Duration.ofMillis(50)).build()).build();
        return EventBus.builder(settings, nats.connectAs(service, service.busName()), dataSource)
                .provisioning(nats.connection()).codec(new EventCodec(EventCatalogue.load()))
                .meterRegistry(registry).wholeContract(false).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {orders, inventory, throughProxy, proxy, orderDb, inventoryDb, nats}) {
            if (c != null) {
                c.close();
            }
        }
    }

    List<UUID> place(int count) {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(orderDb.dataSource()));
        List<UUID> placed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            tx.executeWithoutResult(s -> orders.outbox().append(id.toString(),
                    new OrderCreated(id, OrderStatus.PENDING, 10, UUID.randomUUID(), 1)));
            placed.add(id);
        }
        return placed;
    }

    /** Read past the proxy, straight from PostgreSQL. */
    int handled() {
        return JdbcClient.create(inventoryDb.dataSource()).sql("select count(*) from handled").query(Integer.class).single();
    }

    int deadLetters() throws Exception {
        return new BusAdministration(nats.connection(), nats.namespace()).deadLetters().list().size();
    }

    double paused() {
        Gauge gauge = meters.find("marketbus.consumer.paused").tag("event", "event-order-created").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    double counted(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void aDatabaseOutageLongerThanAllDeliveriesDeadLettersNothing_andEveryEventIsHandledOnceWhenItIsBack() throws Exception {
        orders.start();
        inventory.start();
        List<UUID> placed = new ArrayList<>(place(20));
        await().atMost(Duration.ofSeconds(20)).until(() -> handled() == 20);

        proxy.cut();
        placed.addAll(place(50));
        // The consumer notices and holds what it fetched; for the first half of the cut nothing moves,
        // nothing is dead-lettered.
        await().atMost(Duration.ofSeconds(10)).until(() -> paused() == 1);
        await().during(CUT.dividedBy(2)).atMost(CUT).pollInterval(Duration.ofMillis(500))
                .until(() -> handled() == 20 && deadLetters() == 0 && paused() == 1);
        placed.addAll(place(50)); // events keep arriving during the outage
        await().during(CUT.dividedBy(2)).atMost(CUT).pollInterval(Duration.ofMillis(500))
                .until(() -> handled() == 20 && deadLetters() == 0);
        long restored = System.nanoTime();
        proxy.restore();

        await().atMost(Duration.ofSeconds(30)).until(() -> handled() >= 120);
        log.info("All {} events handled {} ms after the database came back", placed.size(),
                (System.nanoTime() - restored) / 1_000_000);
        List<UUID> handled = JdbcClient.create(inventoryDb.dataSource()).sql("select order_id from handled")
                .query(UUID.class).list();
        assertThat(handled).hasSize(120).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(placed);
        await().atMost(Duration.ofSeconds(10)).until(() -> paused() == 0);
        assertThat(deadLetters()).isZero();
        assertThat(counted("marketbus.events.dead_lettered")).isZero();
        assertThat(counted("marketbus.consumer.infrastructure_faults")).as("faults counted").isPositive();
        // Held, not redelivered: the outage used up no delivery of any event.
        var consumer = nats.connection().jetStreamManagement().getConsumerInfo(
                nats.namespace().stream("ordersvc"), "event-order-created-inventorysvc");
        assertThat(consumer.getRedelivered()).as("events redelivered by JetStream").isZero();
        assertThat(consumer.getNumAckPending()).isZero();
    }
}
