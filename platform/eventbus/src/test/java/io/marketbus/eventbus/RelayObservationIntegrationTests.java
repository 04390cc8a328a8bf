package io.marketbus.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.eventbus.internal.BusObservations;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TestNats;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
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
 * Every publish observation the relay starts is stopped, also when its round ends in an Error: an
 * open one is a span never exported and a long-task timer ({@code .active}) that never comes down.
 */
class RelayObservationIntegrationTests {

    /** What a misbehaving observation handler throws, once. */
    static final class SimulatedError extends Error {
        SimulatedError() {
            super("simulated: a handler failed while the relay started a publish");
        }
    }

    /** Counts publish observations started and not stopped; the second publish it sees fails to start. */
    static final class OpenPublishes implements ObservationHandler<Observation.Context> {
        final Set<Observation.Context> open = ConcurrentHashMap.newKeySet();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger endedInError = new AtomicInteger();

        @Override
        public void onStart(Observation.Context context) {
            if (started.incrementAndGet() == 2) {
                throw new SimulatedError();
            }
            open.add(context);
        }

        @Override
        public void onError(Observation.Context context) {
            endedInError.incrementAndGet();
        }

        @Override
        public void onStop(Observation.Context context) {
            open.remove(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return BusObservations.PUBLISH.equals(context.getName());
        }
    }

    TestNats nats;
    TestDatabase orderDb;
    EventBus orders;
    final OpenPublishes publishes = new OpenPublishes();

    @BeforeEach
    void setUp() throws Exception {
        nats = TestNats.start();
        orderDb = TestDatabase.create("ordersvc");
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(publishes);
        BusSettings settings = BusSettings.builder(ServiceName.ORDER, nats.namespace())
                .relay(BusSettings.Relay.builder().pollInterval(Duration.ofMillis(50)).build()).build();
        orders = EventBus.builder(settings, nats.connectAs(ServiceName.ORDER, ServiceName.ORDER.busName()), orderDb.dataSource())
                .provisioning(nats.connection()).codec(new EventCodec(EventCatalogue.load())).wholeContract(false)
                .observationRegistry(registry).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {orders, orderDb, nats}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void anErrorInARoundStopsThePublishesItStarted_andTheEventsGoOutInTheNextRound() throws Exception {
        orders.start();

        // Two aggregates in one transaction: one round, one wave, both publishes started side by side.
        new TransactionTemplate(new DataSourceTransactionManager(orderDb.dataSource())).executeWithoutResult(s -> {
            for (int i = 0; i < 2; i++) {
                UUID id = UUID.randomUUID();
                orders.outbox().append(id.toString(), new OrderCreated(id, OrderStatus.PENDING, 10, UUID.randomUUID(), 1));
            }
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> JdbcClient.create(orderDb.dataSource())
                .sql("select count(*) from eventbus_outbox where published_at is not null").query(Integer.class).single() == 2);
        assertThat(publishes.started.get()).as("the failed round's two, then the next round's").isGreaterThanOrEqualTo(4);
        assertThat(publishes.endedInError).as("the publish the Error interrupted").hasValue(1);
        assertThat(publishes.open).as("publish observations left open").isEmpty();
    }
}
