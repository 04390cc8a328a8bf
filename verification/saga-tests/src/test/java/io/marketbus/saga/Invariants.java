package io.marketbus.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What must hold once the saga has settled, over every order, product and wallet of the run:
 * <ul>
 *   <li>per product: stock put on sale = available + reserved + sold;</li>
 *   <li>per wallet: opening balance + recharges - debits + refunds = balance;</li>
 *   <li>every order in one terminal state, and the other services agree with it;</li>
 *   <li>no order charged twice or refunded twice;</li>
 *   <li>every canceled or failed order's compensation confirmed (stock and money back, both said so).</li>
 * </ul>
 */
final class Invariants {

    private static final Set<String> TERMINAL = Set.of("paid", "product_out_of_stock", "failed", "canceled");

    private Invariants() {}

    static void assertSettled(Marketplace market) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> check(market));
    }

    private static void check(Marketplace market) {
        // Orders: terminal, and never moved backwards (their history only ever goes forward).
        Map<UUID, String> orders = new HashMap<>();
        market.orders.sql("select id, status from orders").query((rs, n) -> orders.put(rs.getObject(1, UUID.class),
                rs.getString(2))).list();
        assertThat(orders.values()).as("every order ends in one terminal state").allMatch(TERMINAL::contains);
        // Every cancel's compensation confirmed by inventorysvc and paymentsvc (issue 11: never silently lost).
        assertThat(market.orders.sql("""
                select id || ' ' || status || ' compensation ' || coalesce(compensation, 'none') from orders
                where status in ('canceled', 'failed') and coalesce(compensation, 'none') <> 'confirmed'""")
                .query(String.class).list()).as("canceled or failed orders whose compensation is unconfirmed").isEmpty();

        // Stock.
        List<String> products = market.inventory.sql("""
                select p.id || ': stocked ' || p.stocked || ' = available ' || p.available || ' + held '
                       || coalesce(sum(case when r.state = 'held' then r.quantity end), 0) || ' + sold '
                       || coalesce(sum(case when r.state = 'sold' then r.quantity end), 0)
                from products p left join reservations r on r.product_id = p.id
                group by p.id, p.stocked, p.available
                having p.stocked <> p.available + coalesce(sum(case when r.state = 'held' then r.quantity end), 0)
                                  + coalesce(sum(case when r.state = 'sold' then r.quantity end), 0)""")
                .query(String.class).list();
        assertThat(products).as("products whose stock does not add up").isEmpty();
        assertThat(market.inventory.sql("select count(*) from products where available < 0").query(Long.class).single())
                .isZero();

        // Money.
        List<String> wallets = market.payments.sql("""
                select w.account_id || ': ' || w.balance
                from wallets w
                where w.balance <> w.opening_balance
                      + coalesce((select sum(amount) from transactions t where t.account_id = w.account_id and t.kind = 'recharge'), 0)
                      - coalesce((select sum(amount) from transactions t where t.account_id = w.account_id and t.kind = 'debit'), 0)
                      + coalesce((select sum(amount) from transactions t where t.account_id = w.account_id and t.kind = 'refund'), 0)""")
                .query(String.class).list();
        assertThat(wallets).as("wallets whose balance does not match their transactions").isEmpty();
        assertThat(market.payments.sql("""
                select count(*) from (select order_id from transactions where order_id is not null
                group by order_id, kind having count(*) > 1) twice""").query(Long.class).single())
                .as("orders charged or refunded twice").isZero();
        assertThat(market.payments.sql("""
                select count(*) from transactions r where r.kind = 'refund' and not exists
                (select 1 from transactions d where d.order_id = r.order_id and d.kind = 'debit' and d.amount = r.amount)""")
                .query(Long.class).single()).as("refunds without their debit").isZero();

        // The three services agree on every order.
        Map<UUID, String> reservations = states(market.inventory.sql("select order_id, state from reservations"));
        Map<UUID, String> payments = states(market.payments.sql("select order_id, state from payments"));
        Map<UUID, Long> netCharge = new HashMap<>();
        market.payments.sql("""
                select order_id, sum(case when kind = 'debit' then 1 else -1 end) from transactions
                where order_id is not null group by order_id""")
                .query((rs, n) -> netCharge.put(rs.getObject(1, UUID.class), rs.getLong(2))).list();
        orders.forEach((id, status) -> {
            String reservation = reservations.get(id);
            String payment = payments.get(id);
            long charged = netCharge.getOrDefault(id, 0L);
            String all = id + " " + status + ", reservation " + reservation + ", payment " + payment;
            switch (status) {
                case "paid" -> {
                    assertThat(reservation).as(all).isEqualTo("sold");
                    assertThat(payment).as(all).isEqualTo("debited");
                    assertThat(charged).as(all).isEqualTo(1);
                }
                case "product_out_of_stock" -> {
                    assertThat(reservation).as(all).isEqualTo("rejected");
                    assertThat(payment).as(all).isNull();
                    assertThat(charged).as(all).isZero();
                }
                case "failed" -> {
                    assertThat(reservation).as(all).isEqualTo("released");
                    assertThat(payment).as(all).isEqualTo("declined");
                    assertThat(charged).as(all).isZero();
                }
                case "canceled" -> {
                    assertThat(reservation).as(all).isIn("released", "canceled", "rejected");
                    assertThat(payment).as(all).isIn("refunded", "canceled", "declined");
                    assertThat(charged).as(all).isZero();
                }
                default -> throw new AssertionError(all);
            }
        });
    }

    private static Map<UUID, String> states(org.springframework.jdbc.core.simple.JdbcClient.StatementSpec query) {
        Map<UUID, String> states = new HashMap<>();
        query.query((rs, n) -> states.put(rs.getObject(1, UUID.class), rs.getString(2))).list();
        return states;
    }

    static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }
}
