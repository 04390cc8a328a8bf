package io.marketbus.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TestNats;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One event at a time, from commit to handler: the hop must not wait for a pull to fill or expire
 * (an idle consumer answers within tens of milliseconds, not the fetch wait).
 */
class LatencyProbeIntegrationTests {

    @Test
    void aLoneEventIsHandledPromptly() throws Exception {
        try (TestNats nats = TestNats.start();
             TestDatabase orderDb = TestDatabase.create("ordersvc");
             TestDatabase inventoryDb = TestDatabase.create("inventorysvc");
             EventBus orders = EventBus.builder(BusSettings.builder(ServiceName.ORDER, nats.namespace())
                     .relay(BusSettings.Relay.builder().pollInterval(Duration.ofMillis(200)).build()).build(),
                     nats.connectAs(ServiceName.ORDER, "o"), orderDb.dataSource()).provisioning(nats.connection()).wholeContract(false).build();
             EventBus inventory = EventBus.builder(BusSettings.defaults(ServiceName.INVENTORY, nats.namespace()),
                     nats.connectAs(ServiceName.INVENTORY, "i"), inventoryDb.dataSource()).provisioning(nats.connection()).wholeContract(false).build()) {
            SynchronousQueue<Long> handledAt = new SynchronousQueue<>();
            inventory.on(OrderCreated.class, e -> handledAt.put(System.nanoTime()));
            orders.start();
            inventory.start();
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(orderDb.dataSource()));
            long worst = 0;
            long total = 0;
            int rounds = 20;
            for (int i = 0; i < rounds; i++) {
                UUID id = UUID.randomUUID();
                long start = System.nanoTime();
                tx.executeWithoutResult(s -> orders.outbox().append(id.toString(),
                        new OrderCreated(id, OrderStatus.PENDING, 1, UUID.randomUUID(), 1)));
                Long end = handledAt.poll(5, TimeUnit.SECONDS);
                assertThat(end).isNotNull();
                long millis = (end - start) / 1_000_000;
                worst = Math.max(worst, millis);
                total += millis;
            }
            assertThat(total / rounds).as("mean ms from commit to handler (worst %d ms)", worst).isLessThan(150);
        }
    }
}
