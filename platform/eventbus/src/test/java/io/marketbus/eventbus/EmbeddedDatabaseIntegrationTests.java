package io.marketbus.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.testkit.TestNats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Smoke test of the embedded default: the same migrations and SQL on H2 (PostgreSQL mode) files. */
class EmbeddedDatabaseIntegrationTests {

    static JdbcDataSource h2(Path dir, String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve(name) + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        ds.setUser("sa");
        return ds;
    }

    @Test
    void outboxRelayAndInboxWorkOnTheEmbeddedDatabase() throws Exception {
        Path dir = Files.createTempDirectory("marketbus-h2");
        JdbcDataSource orderDb = h2(dir, "ordersvc");
        JdbcDataSource inventoryDb = h2(dir, "inventorysvc");
        JdbcClient.create(inventoryDb).sql("create table handled (order_id uuid not null)").update();
        try (TestNats nats = TestNats.start();
             EventBus orders = EventBus.builder(BusSettings.defaults(ServiceName.ORDER, nats.namespace()),
                     nats.connectAs(ServiceName.ORDER, "ordersvc"), orderDb).provisioning(nats.connection()).wholeContract(false).build();
             EventBus inventory = EventBus.builder(BusSettings.defaults(ServiceName.INVENTORY, nats.namespace()),
                     nats.connectAs(ServiceName.INVENTORY, "inventorysvc"), inventoryDb).provisioning(nats.connection()).wholeContract(false).build()) {
            inventory.on(OrderCreated.class, e -> JdbcClient.create(inventoryDb)
                    .sql("insert into handled (order_id) values (?)").param(e.data().orderId()).update());
            orders.start();
            inventory.start();
            UUID id = UUID.randomUUID();
            new TransactionTemplate(new DataSourceTransactionManager(orderDb)).executeWithoutResult(s ->
                    orders.outbox().append(id.toString(), new OrderCreated(id, OrderStatus.PENDING, 10, UUID.randomUUID(), 3)));

            await().atMost(Duration.ofSeconds(10)).until(() -> JdbcClient.create(inventoryDb)
                    .sql("select count(*) from handled where order_id = ?").param(id).query(Integer.class).single() == 1);
            assertThat(JdbcClient.create(orderDb).sql("select count(*) from eventbus_outbox where published_at is null")
                    .query(Integer.class).single()).isZero();
        }
    }
}
