package io.marketbus.eventbus;

import io.marketbus.contract.Namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.ServiceName;
import io.marketbus.contract.access.BusPermissions;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.eventbus.NatsConnections;
import io.marketbus.testkit.NatsServerProcess;
import io.marketbus.testkit.TestDatabase;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** NATS is killed and restarted while a service keeps committing events: nothing is lost or doubled. */
class NatsOutageIntegrationTests {

    @Test
    void eventsCommittedWhileNatsIsDownGoOutWhenItIsBack() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start();
             TestDatabase orderDb = TestDatabase.create("ordersvc");
             TestDatabase inventoryDb = TestDatabase.create("inventorysvc")) {
            JdbcClient inventoryJdbc = JdbcClient.create(inventoryDb.dataSource());
            inventoryJdbc.sql("create table handled (order_id uuid not null)").update();
            Namespace namespace = new Namespace("outage");
            Connection orderNats = NatsConnections.connect(server.url(), "ordersvc", new NatsConnections.Reconnects(),
                    server.identities(), "ordersvc");
            Connection inventoryNats = NatsConnections.connect(server.url(), "inventorysvc", new NatsConnections.Reconnects(),
                    server.identities(), "inventorysvc");
            Connection provisioning = server.connect(BusPermissions.PROVISIONING, "provisioning");
            BusSettings.Relay relay = BusSettings.Relay.builder()
                    .pollInterval(Duration.ofMillis(50)).batchSize(64).ackTimeout(Duration.ofSeconds(2)).build();
            try (EventBus orders = EventBus.builder(BusSettings.builder(ServiceName.ORDER, namespace).relay(relay).build(),
                         orderNats, orderDb.dataSource()).provisioning(provisioning).wholeContract(false).build();
                 EventBus inventory = EventBus.builder(BusSettings.defaults(ServiceName.INVENTORY, namespace),
                         inventoryNats, inventoryDb.dataSource()).provisioning(provisioning).wholeContract(false).build()) {
                inventory.on(OrderCreated.class, e -> inventoryJdbc.sql("insert into handled (order_id) values (?)")
                        .param(e.data().orderId()).update());
                orders.start();
                inventory.start();
                TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(orderDb.dataSource()));
                List<UUID> placed = new java.util.ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    if (i == 100) {
                        server.kill();
                    }
                    if (i == 200) {
                        // While NATS is down the service keeps working; its events wait in the outbox.
                        assertThat(JdbcClient.create(orderDb.dataSource())
                                .sql("select count(*) from eventbus_outbox where published_at is null")
                                .query(Integer.class).single()).isPositive();
                        server.startAgain();
                    }
                    UUID id = UUID.randomUUID();
                    placed.add(id);
                    tx.executeWithoutResult(s -> orders.outbox().append(id.toString(),
                            new OrderCreated(id, OrderStatus.PENDING, 10, UUID.randomUUID(), 1)));
                }

                await().atMost(Duration.ofSeconds(60)).until(() -> inventoryJdbc.sql("select count(*) from handled")
                        .query(Integer.class).single() >= 300);
                List<UUID> handled = inventoryJdbc.sql("select order_id from handled").query(UUID.class).list();
                assertThat(handled).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(placed);
                await().atMost(Duration.ofSeconds(10)).until(() -> JdbcClient.create(orderDb.dataSource())
                        .sql("select count(*) from eventbus_outbox where published_at is null").query(Integer.class).single() == 0);
            } finally {
                orderNats.close();
                inventoryNats.close();
                provisioning.close();
            }
        }
    }
}
