package io.marketbus.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** No oversell and no double charge when many orders race for little stock. */
class ConcurrentOrdersIntegrationTests extends MarketplaceFixture {

    @Test
    void hundredConcurrentOrdersForTenUnitsSellExactlyTen() throws Exception {
        UUID product = shop.productOnSale("7.00", 10);
        List<Long> customers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            customers.add(market.customer());
        }
        // Each customer's grant must have reached ordersvc before the race, so that no request is a 403.
        for (long customer : customers) {
            shop.order(customer, UUID.randomUUID(), 1);
        }
        Map<UUID, Long> ownerOf = new HashMap<>();

        CountDownLatch start = new CountDownLatch(1);
        List<Future<UUID>> placed = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                long customer = customers.get(i % customers.size());
                placed.add(pool.submit(() -> {
                    start.await();
                    UUID order = shop.placed(customer, product, 1);
                    synchronized (ownerOf) {
                        ownerOf.put(order, customer);
                    }
                    return order;
                }));
            }
            start.countDown();
            for (Future<UUID> f : placed) {
                f.get();
            }
        }
        assertThat(ownerOf).hasSize(100);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(ownerOf.keySet()).allMatch(o -> List.of("paid", "product_out_of_stock").contains(shop.status(o))));
        Map<String, Long> byStatus = new HashMap<>();
        Map<Long, Integer> paidBy = new HashMap<>();
        ownerOf.forEach((order, customer) -> {
            String status = shop.status(order);
            byStatus.merge(status, 1L, Long::sum);
            if (status.equals("paid")) {
                paidBy.merge(customer, 1, Integer::sum);
            }
        });
        assertThat(byStatus).containsEntry("paid", 10L).containsEntry("product_out_of_stock", 90L);
        assertThat(shop.available(product)).isZero();
        await().atMost(Shop.PATIENCE).until(() -> market.inventory.sql(
                "select count(*) from reservations where product_id = ? and state = 'sold'").param(product)
                .query(Long.class).single() == 10);
        // Wallets debited exactly for the ten: 7.00 per paid order, nothing for the rest.
        for (long customer : customers) {
            BigDecimal expected = new BigDecimal("100.00").subtract(new BigDecimal("7.00").multiply(
                    BigDecimal.valueOf(paidBy.getOrDefault(customer, 0))));
            assertThat(shop.balance(customer)).as("wallet of " + customer).isEqualByComparingTo(expected);
        }
        assertThat(market.payments.sql("select coalesce(sum(amount), 0) from transactions where kind = 'debit' "
                        + "and order_id in (:ids)").param("ids", ownerOf.keySet()).query(BigDecimal.class).single())
                .isEqualByComparingTo("70.00");
    }
}
