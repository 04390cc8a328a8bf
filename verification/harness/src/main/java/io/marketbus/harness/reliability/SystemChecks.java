package io.marketbus.harness.reliability;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What must hold once the system is quiet, read straight from the services' schemas and the bus:
 * the saga tests' invariants (stock, money, terminal states, agreement of the three services, no
 * double charge) plus cross-service sums (every wallet = opening + recharges - paid orders; every
 * product's available = stocked - units of paid orders) and the bus (nothing pending anywhere).
 */
public final class SystemChecks {

    public static final Set<String> TERMINAL = Set.of("paid", "product_out_of_stock", "failed", "canceled");

    private final Sandbox sandbox;

    public SystemChecks(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    // --- quiescence ---------------------------------------------------------------------------------

    /** Whether anything is still moving, and what. */
    public record Quiet(long ordersNotTerminal, Map<String, Long> outboxPending, List<String> busyConsumers) {
        public boolean quiet() {
            return ordersNotTerminal == 0 && outboxPending.values().stream().allMatch(n -> n == 0) && busyConsumers.isEmpty();
        }

        @Override
        public String toString() {
            return "orders not terminal " + ordersNotTerminal + ", unpublished outbox rows " + outboxPending
                    + ", busy consumers " + busyConsumers;
        }
    }

    public Quiet quiet() {
        long notTerminal = sandbox.count("select count(*) from ordersvc.orders where status not in "
                + "('paid', 'product_out_of_stock', 'failed', 'canceled')");
        Map<String, Long> outbox = new TreeMap<>();
        for (String service : Sandbox.SERVICES) {
            outbox.put(service, sandbox.count("select count(*) from " + service + ".eventbus_outbox where published_at is null"));
        }
        List<String> busy = new ArrayList<>();
        for (Sandbox.ConsumerState consumer : sandbox.consumers()) {
            // Ephemeral (per-instance, ordered) consumers of killed processes linger until the server drops them.
            if ((consumer.durable() && consumer.pending() > 0) || consumer.ackPending() > 0) {
                busy.add(consumer.toString());
            }
        }
        return new Quiet(notTerminal, outbox, busy);
    }

    /** Waits until {@link #quiet()}; returns the last state seen (not quiet when the time ran out). */
    public Quiet awaitQuiet(Duration atMost) {
        Quiet[] last = new Quiet[1];
        try {
            Awaitility.await("system quiet").atMost(atMost).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> (last[0] = quiet()).quiet());
        } catch (ConditionTimeoutException e) {
            // reported by the caller
        }
        return last[0] != null ? last[0] : quiet();
    }

    // --- invariants ---------------------------------------------------------------------------------

    /**
     * What the client knows besides the databases: orders it was told were created, cancels it was
     * told were accepted, and how many orders it gave up on without being told (each may exist: its
     * answer may have been lost after the commit).
     */
    public record ClientView(Collection<UUID> acknowledgedOrders, Collection<UUID> acceptedCancels, int ordersGivenUp) {
        public static final ClientView NONE = new ClientView(List.of(), List.of());

        /** A client that had an answer to every order it sent. */
        public ClientView(Collection<UUID> acknowledgedOrders, Collection<UUID> acceptedCancels) {
            this(acknowledgedOrders, acceptedCancels, 0);
        }
    }

    /**
     * The orders of the client's customers (the accounts of its acknowledged orders) that it was never
     * told about. The clients send every order with an Idempotency-Key and retry with the same one, so
     * a retry after a lost answer gets that answer: beyond the orders given up, every one is an extra.
     */
    public List<UUID> unacknowledgedOrders(ClientView client) {
        Map<UUID, Long> accountOf = new HashMap<>();
        sandbox.query("select id, account_id from ordersvc.orders order by created_at",
                rs -> accountOf.put(rs.getObject(1, UUID.class), rs.getLong(2)));
        Set<UUID> acknowledged = new java.util.HashSet<>(client.acknowledgedOrders());
        Set<Long> customers = new java.util.HashSet<>();
        acknowledged.forEach(id -> {
            if (accountOf.containsKey(id)) {
                customers.add(accountOf.get(id));
            }
        });
        return accountOf.entrySet().stream()
                .filter(o -> customers.contains(o.getValue()) && !acknowledged.contains(o.getKey()))
                .map(Map.Entry::getKey).toList();
    }

    /**
     * What a load achieved, so that a run cannot pass by doing nothing: of the orders it
     * {@code attempted}, how many the client was told were created and ended {@code terminal}, and
     * those orders by status.
     */
    public record Outcomes(long attempted, long terminal, Map<String, Long> byStatus) {

        /** At least this share of attempted orders ends in a valid terminal state. */
        public static final double MINIMUM_TERMINAL_SHARE = 0.95;
        /** The saga's outcomes every load reaches: paid, out of stock, failed for funds, canceled. */
        public static final List<String> DEMANDED = List.of("paid", "product_out_of_stock", "failed", "canceled");

        /** Every minimum not met (empty: the load proved something). */
        public List<String> violations() {
            List<String> violations = new ArrayList<>();
            if (attempted <= 0) {
                violations.add("the load attempted no order: a run that does no work proves nothing");
                return violations;
            }
            if (terminal < Math.ceil(attempted * MINIMUM_TERMINAL_SHARE)) {
                violations.add(String.format("only %d of %d attempted orders were acknowledged and ended in a terminal state;"
                        + " at least %.0f %% must", terminal, attempted, MINIMUM_TERMINAL_SHARE * 100));
            }
            for (String status : DEMANDED) {
                if (byStatus.getOrDefault(status, 0L) <= 0) {
                    violations.add("no order ended " + status + ": the load did not reach every outcome of the saga");
                }
            }
            return violations;
        }
    }

    /** The outcomes of a load that attempted {@code attempted} orders, of which the client was told {@code acknowledged} were created. */
    public Outcomes outcomes(long attempted, Collection<UUID> acknowledged) {
        Map<UUID, String> statuses = new HashMap<>();
        sandbox.query("select id, status from ordersvc.orders", rs -> statuses.put(rs.getObject(1, UUID.class), rs.getString(2)));
        Map<String, Long> byStatus = new TreeMap<>();
        long terminal = 0;
        for (UUID id : acknowledged) {
            String status = statuses.get(id);
            if (status != null) {
                byStatus.merge(status, 1L, Long::sum);
                terminal += TERMINAL.contains(status) ? 1 : 0;
            }
        }
        return new Outcomes(attempted, terminal, byStatus);
    }

    record OrderRow(UUID id, long account, UUID product, int quantity, String status, BigDecimal amount) {}

    public Map<String, Long> ordersByStatus() {
        return sandbox.countBy("select status, count(*) from ordersvc.orders group by status order by status");
    }

    /** Every violation found (empty: all hold). */
    public List<String> violations(ClientView client) {
        List<String> violations = new ArrayList<>();
        Map<UUID, OrderRow> orders = new HashMap<>();
        sandbox.query("select id, account_id, product_id, quantity, status, amount from ordersvc.orders",
                rs -> orders.put(rs.getObject(1, UUID.class), new OrderRow(rs.getObject(1, UUID.class), rs.getLong(2),
                        rs.getObject(3, UUID.class), rs.getInt(4), rs.getString(5), rs.getBigDecimal(6))));

        orders.values().stream().filter(o -> !TERMINAL.contains(o.status()))
                .forEach(o -> violations.add("order " + o.id() + " not terminal: " + o.status()));
        for (UUID id : client.acknowledgedOrders()) {
            if (!orders.containsKey(id)) {
                violations.add("order " + id + " was acknowledged with 201 but is not in ordersvc");
            }
        }
        List<UUID> unacknowledged = unacknowledgedOrders(client);
        if (unacknowledged.size() > client.ordersGivenUp()) {
            violations.add((unacknowledged.size() - client.ordersGivenUp()) + " extra orders: " + unacknowledged.size()
                    + " orders of the load's customers were never acknowledged, " + client.ordersGivenUp()
                    + " were given up by the client; e.g. " + unacknowledged.stream().limit(5).toList());
        }
        for (UUID id : client.acceptedCancels()) {
            OrderRow order = orders.get(id);
            if (order == null || !order.status().equals("canceled")) {
                violations.add("cancel of " + id + " was accepted (200) but the order is " + (order == null ? "missing" : order.status()));
            }
        }

        // Stock, per product (as the saga tests check it) and never negative.
        violations.addAll(sandbox.strings("""
                select 'product ' || p.id || ': stocked ' || p.stocked || ' <> available ' || p.available || ' + held '
                       || coalesce(sum(case when r.state = 'held' then r.quantity end), 0) || ' + sold '
                       || coalesce(sum(case when r.state = 'sold' then r.quantity end), 0)
                from inventorysvc.products p left join inventorysvc.reservations r on r.product_id = p.id
                group by p.id, p.stocked, p.available
                having p.stocked <> p.available + coalesce(sum(case when r.state = 'held' then r.quantity end), 0)
                                  + coalesce(sum(case when r.state = 'sold' then r.quantity end), 0)"""));
        violations.addAll(sandbox.strings("select 'product ' || id || ' has negative stock ' || available "
                + "from inventorysvc.products where available < 0"));
        violations.addAll(sandbox.strings("select 'reservation of ' || order_id || ' still held' "
                + "from inventorysvc.reservations where state = 'held'"));

        // Money, per wallet (as the saga tests check it), and no order charged or refunded twice.
        violations.addAll(sandbox.strings("""
                select 'wallet ' || w.account_id || ': balance ' || w.balance || ' does not match its transactions'
                from paymentsvc.wallets w
                where w.balance <> w.opening_balance
                      + coalesce((select sum(amount) from paymentsvc.transactions t where t.account_id = w.account_id and t.kind = 'recharge'), 0)
                      - coalesce((select sum(amount) from paymentsvc.transactions t where t.account_id = w.account_id and t.kind = 'debit'), 0)
                      + coalesce((select sum(amount) from paymentsvc.transactions t where t.account_id = w.account_id and t.kind = 'refund'), 0)
                      or w.balance < 0"""));
        violations.addAll(sandbox.strings("""
                select 'order ' || order_id || ' has ' || count(*) || ' ' || kind || ' transactions'
                from paymentsvc.transactions where order_id is not null group by order_id, kind having count(*) > 1"""));
        violations.addAll(sandbox.strings("""
                select 'refund of ' || r.order_id || ' without its debit' from paymentsvc.transactions r
                where r.kind = 'refund' and not exists (select 1 from paymentsvc.transactions d
                      where d.order_id = r.order_id and d.kind = 'debit' and d.amount = r.amount)"""));

        // The three services agree on every order.
        Map<UUID, String> reservations = new HashMap<>();
        sandbox.query("select order_id, state from inventorysvc.reservations",
                rs -> reservations.put(rs.getObject(1, UUID.class), rs.getString(2)));
        Map<UUID, String> payments = new HashMap<>();
        sandbox.query("select order_id, state from paymentsvc.payments",
                rs -> payments.put(rs.getObject(1, UUID.class), rs.getString(2)));
        Map<UUID, Long> netCharge = new HashMap<>();
        sandbox.query("""
                select order_id, sum(case when kind = 'debit' then 1 else -1 end) from paymentsvc.transactions
                where order_id is not null group by order_id""", rs -> netCharge.put(rs.getObject(1, UUID.class), rs.getLong(2)));
        for (OrderRow order : orders.values()) {
            String reservation = reservations.get(order.id());
            String payment = payments.get(order.id());
            long charged = netCharge.getOrDefault(order.id(), 0L);
            boolean agrees = switch (order.status()) {
                case "paid" -> "sold".equals(reservation) && "debited".equals(payment) && charged == 1;
                case "product_out_of_stock" -> "rejected".equals(reservation) && payment == null && charged == 0;
                case "failed" -> "released".equals(reservation) && "declined".equals(payment) && charged == 0;
                case "canceled" -> Set.of("released", "canceled", "rejected").contains(reservation)
                        && Set.of("refunded", "canceled", "declined").contains(payment) && charged == 0;
                default -> true; // reported above
            };
            if (!agrees) {
                violations.add("order " + order.id() + " " + order.status() + " but reservation " + reservation
                        + ", payment " + payment + ", net charges " + charged);
            }
        }
        for (UUID id : netCharge.keySet()) {
            if (!orders.containsKey(id)) {
                violations.add("transactions for an order ordersvc does not know: " + id);
            }
        }

        // Across services: each wallet = opening + recharges - the amounts of its paid orders;
        // each product's available = stocked - the units of its paid orders.
        Map<Long, BigDecimal> paidByAccount = new HashMap<>();
        Map<UUID, Long> soldByProduct = new HashMap<>();
        for (OrderRow order : orders.values()) {
            if (order.status().equals("paid")) {
                paidByAccount.merge(order.account(), order.amount() == null ? BigDecimal.ZERO : order.amount(), BigDecimal::add);
                soldByProduct.merge(order.product(), (long) order.quantity(), Long::sum);
            }
        }
        sandbox.query("""
                select w.account_id, w.balance, w.opening_balance
                       + coalesce((select sum(amount) from paymentsvc.transactions t where t.account_id = w.account_id and t.kind = 'recharge'), 0)
                from paymentsvc.wallets w""", rs -> {
            long account = rs.getLong(1);
            BigDecimal expected = rs.getBigDecimal(3).subtract(paidByAccount.getOrDefault(account, BigDecimal.ZERO));
            if (rs.getBigDecimal(2).compareTo(expected) != 0) {
                violations.add("wallet " + account + ": balance " + rs.getBigDecimal(2) + " but opening + recharges - paid orders = "
                        + expected);
            }
            return null;
        });
        sandbox.query("select id, available, stocked from inventorysvc.products", rs -> {
            UUID product = rs.getObject(1, UUID.class);
            long expected = rs.getLong(3) - soldByProduct.getOrDefault(product, 0L);
            if (rs.getLong(2) != expected) {
                violations.add("product " + product + ": available " + rs.getLong(2) + " but stocked - units of paid orders = " + expected);
            }
            return null;
        });
        return violations;
    }

    // --- snapshots (fuzz: a rejected request changes nothing) ---------------------------------------

    private String snapshotSql;

    /**
     * Row counts of every business table of every service, plus the sums that a partial change would
     * move (balances, stock), the policy revision and orders per status. Outbox, inbox, login
     * failures and refresh tokens are left out: they record traffic, not business state.
     */
    public Map<String, String> snapshot() {
        if (snapshotSql == null) {
            List<String> tables = sandbox.strings("""
                    select table_schema || '.' || table_name from information_schema.tables
                    where table_schema in ('authnsvc', 'authzsvc', 'ordersvc', 'inventorysvc', 'paymentsvc')
                      and table_type = 'BASE TABLE' and table_name not like 'eventbus%' and table_name not like 'flyway%'
                      and table_name not in ('login_failures', 'refresh_tokens') order by 1""");
            List<String> parts = new ArrayList<>();
            tables.forEach(t -> parts.add("'" + t + " rows', (select count(*) from " + t + ")::text"));
            parts.add("'wallet balances', (select coalesce(sum(balance), 0) from paymentsvc.wallets)::text");
            parts.add("'stock available', (select coalesce(sum(available), 0) from inventorysvc.products)::text");
            parts.add("'stock stocked', (select coalesce(sum(stocked), 0) from inventorysvc.products)::text");
            parts.add("'product names', (select coalesce(md5(string_agg(name || price || description, ',' order by id)), '') "
                    + "from inventorysvc.products)");
            parts.add("'policy revision', (select revision from authzsvc.policy_revision)::text");
            parts.add("'orders by status', (select coalesce(string_agg(status || '=' || n, ',' order by status), '') from "
                    + "(select status, count(*) n from ordersvc.orders group by status) s)");
            parts.add("'accounts', (select coalesce(md5(string_agg(id || name || email || role, ',' order by id)), '') from authnsvc.accounts)");
            snapshotSql = "select json_build_object(" + String.join(", ", parts) + ")::text";
        }
        String json = sandbox.strings(snapshotSql).getFirst();
        Map<String, String> snapshot = new LinkedHashMap<>();
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(json).properties()
                .forEach(e -> snapshot.put(e.getKey(), e.getValue().asString()));
        return snapshot;
    }

    /** What differs between two snapshots, e.g. {@code wallet balances: 100.00 -> 95.00}. */
    public static List<String> differences(Map<String, String> before, Map<String, String> after) {
        List<String> differences = new ArrayList<>();
        before.forEach((k, v) -> {
            if (!v.equals(after.get(k))) {
                differences.add(k + ": " + v + " -> " + after.get(k));
            }
        });
        return differences;
    }
}
