package io.marketbus.harness.reliability;

import io.marketbus.harness.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady, modest load for a long time, no faults: buyers place an order a second (some canceled,
 * wallets recharged), and readers who place nothing during the soak read their own orders every few
 * seconds (the order itself and the list, which must show it), as a quiet customer does. Whatever the cache settings, every answer stays a 2xx (or the
 * saga's 409): each minute prints orders placed and terminal, 5xx and 403 counts; at the end, every
 * invariant. Any 5xx, 403 or broken invariant fails it.
 */
public final class SoakMode extends Mode {

    /** An order a second across the buyers, a read (the order and the list) every 3 s by each reader: the soak scenario. */
    static final Duration ORDER_EVERY = Duration.ofSeconds(1);
    static final Duration READ_EVERY = Duration.ofSeconds(3);
    static final int BUYERS = 4;
    static final int READERS = 2;
    static final double CANCEL_SHARE = 0.10;
    static final double RECHARGE_SHARE = 0.50;

    /** What the clients saw, counted as it happens. */
    private static final class Tally {
        final AtomicLong attempted = new AtomicLong();
        final AtomicLong placed = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong serverErrors = new AtomicLong();
        final AtomicLong forbidden = new AtomicLong();
        final AtomicLong unexpected = new AtomicLong();
        final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<UUID> cancelsAccepted = ConcurrentHashMap.newKeySet();
        final List<String> firstProblems = java.util.Collections.synchronizedList(new ArrayList<>());

        /** The task, its failures counted as unexpected: an exception would end its schedule silently. */
        Runnable guarded(Runnable task) {
            return () -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    unexpected.incrementAndGet();
                    if (firstProblems.size() < 10) {
                        firstProblems.add(String.valueOf(e));
                    }
                }
            };
        }

        /** Counts an answer other than one of {@code expected}; returns whether it was expected. */
        boolean answer(String what, Api.Reply reply, int... expected) {
            for (int status : expected) {
                if (reply.status() == status) {
                    return true;
                }
            }
            if (reply.status() == 0 || reply.status() >= 500) {
                serverErrors.incrementAndGet();
            } else if (reply.status() == 403) {
                forbidden.incrementAndGet();
            } else {
                unexpected.incrementAndGet();
            }
            problem(what + ": " + reply.status() + " " + reply.body());
            return false;
        }

        void problem(String problem) {
            if (firstProblems.size() < 10) {
                firstProblems.add(problem);
            }
        }
    }

    @Override
    public void run(Sandbox sandbox, Settings settings, Figures figures) throws Exception {
        Duration length = settings.soak();
        figures.put("soak length", length);
        figures.put("service settings", settings.environment().isEmpty() ? "defaults" : settings.environment());
        int expectedOrders = (int) Math.max(60, length.toMillis() / ORDER_EVERY.toMillis());
        Shop shop = new Shop(sandbox.api()).open(Shop.loadCatalogue(expectedOrders));
        List<Shop.Customer> buyers = shop.addCustomers(BUYERS);
        List<Shop.Customer> readers = shop.addCustomers(READERS);
        Api api = shop.api();
        Tally tally = new Tally();
        // Each reader has an order of its own to read, then places nothing: a quiet subject, whose
        // cache entries must stay live for as long as the soak lasts.
        Map<Shop.Customer, String> ownOrder = new java.util.HashMap<>();
        for (Shop.Customer reader : readers) {
            Api.Reply first = shop.reply(reader, t -> api.post("ordersvc", "/v1/ordersvc/orders",
                    Map.of("product_id", shop.products().get(1).id(), "quantity", 1), t), Duration.ofMinutes(1));
            tally.attempted.incrementAndGet();
            if (tally.answer("reader's first order", first, 201)) {
                tally.acknowledged.add(UUID.fromString(first.text("id")));
                tally.placed.incrementAndGet();
                ownOrder.put(reader, first.text("id"));
            }
        }

        Random random = new Random(settings.seed());
        List<String> minutes = new ArrayList<>();
        long[] before = new long[4]; // placed, reads, 5xx, 403 at the last minute's line
        long start = System.nanoTime();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(1 + READERS + 1);
        try {
            clock.scheduleAtFixedRate(tally.guarded(() -> placeOne(shop, buyers, random, tally)), 0, ORDER_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
            for (Shop.Customer reader : readers) {
                String id = ownOrder.get(reader);
                clock.scheduleAtFixedRate(tally.guarded(() -> {
                    // Both ways a customer reads: the order itself (a permission check) and the list (visible ids).
                    tally.reads.incrementAndGet();
                    tally.answer("read of own order", shop.call(reader, t -> api.get("ordersvc", "/v1/ordersvc/orders/" + id, t)), 200);
                    Api.Reply list = shop.call(reader, t -> api.get("ordersvc", "/v1/ordersvc/orders", t));
                    if (tally.answer("list of own orders", list, 200) && !list.body().toString().contains(id)) {
                        tally.unexpected.incrementAndGet(); // a 200 that hides the reader's own order is no answer either
                        tally.problem("list of own orders without " + id + ": " + list.body());
                    }
                }), 0, READ_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            }
            clock.scheduleAtFixedRate(tally.guarded(() -> {
                long[] now = {tally.placed.get(), tally.reads.get(), tally.serverErrors.get(), tally.forbidden.get()};
                long terminal = sandbox.count("select count(*) from ordersvc.orders where status in "
                        + "('paid', 'product_out_of_stock', 'failed', 'canceled')");
                String line = String.format("minute %d: orders placed %d (%d in all, %d terminal), reads %d, 5xx %d, 403 %d",
                        minutes.size() + 1, now[0] - before[0], now[0], terminal, now[1] - before[1], now[2] - before[2],
                        now[3] - before[3]);
                System.arraycopy(now, 0, before, 0, now.length);
                synchronized (minutes) {
                    minutes.add(line);
                }
                figures.say(line);
            }), 1, 1, TimeUnit.MINUTES);
            // The soak itself: the scheduled clients run for its length (a duration of load, not a wait for a condition).
            Shop.pace(length.toMillis() + 500);
        } finally {
            clock.shutdownNow();
            clock.awaitTermination(1, TimeUnit.MINUTES);
        }
        figures.put("soak seconds", Math.round((System.nanoTime() - start) / 1e9));
        figures.put("soak per minute", List.copyOf(minutes));
        figures.put("soak minutes reported", minutes.size());
        figures.put("soak orders attempted", tally.attempted.get());
        figures.put("soak orders acknowledged (201)", tally.placed.get());
        figures.put("soak cancels accepted", tally.cancelsAccepted.size());
        figures.put("soak reads of own orders", tally.reads.get());
        figures.put("soak 5xx or no answer", tally.serverErrors.get());
        figures.put("soak 403", tally.forbidden.get());
        figures.put("soak other unexpected answers", tally.unexpected.get());
        tally.firstProblems.forEach(p -> figures.say("problem " + p));
        if (tally.serverErrors.get() > 0) {
            figures.violation(tally.serverErrors.get() + " answers were 5xx or none, first: " + tally.firstProblems);
        }
        if (tally.forbidden.get() > 0) {
            figures.violation(tally.forbidden.get() + " answers were 403 to a customer's own orders and wallet");
        }
        if (tally.unexpected.get() > 0) {
            figures.violation(tally.unexpected.get() + " answers were neither success nor 5xx nor 403, or a list hid the reader's own order");
        }
        Settlement.settleAndCheck(sandbox, figures, settings,
                new SystemChecks.ClientView(tally.acknowledged, tally.cancelsAccepted), tally.attempted.get());
    }

    /** One order of a buyer, once (a 5xx is counted, never retried), maybe canceled, maybe followed by a recharge. */
    private static void placeOne(Shop shop, List<Shop.Customer> buyers, Random random, Tally tally) {
        Shop.Customer buyer;
        Shop.Product product;
        int quantity;
        boolean cancel;
        boolean recharge;
        synchronized (random) {
            buyer = buyers.get(random.nextInt(buyers.size()));
            product = pick(shop.products(), random);
            quantity = 1 + random.nextInt(3);
            cancel = random.nextDouble() < CANCEL_SHARE;
            recharge = random.nextDouble() < RECHARGE_SHARE;
        }
        Api api = shop.api();
        tally.attempted.incrementAndGet();
        Api.Reply order = shop.call(buyer, t -> api.post("ordersvc", "/v1/ordersvc/orders",
                Map.of("product_id", product.id(), "quantity", quantity), t));
        if (!tally.answer("order", order, 201)) {
            return;
        }
        UUID id = UUID.fromString(order.text("id"));
        tally.acknowledged.add(id);
        tally.placed.incrementAndGet();
        if (cancel) {
            Api.Reply canceled = shop.call(buyer, t -> api.post("ordersvc", "/v1/ordersvc/orders/" + id + "/cancel", null, t));
            if (tally.answer("cancel", canceled, 200, 409) && canceled.status() == 200) {
                tally.cancelsAccepted.add(id);
            }
        }
        if (recharge) {
            tally.answer("recharge", shop.call(buyer, t -> api.post("paymentsvc", "/v1/paymentsvc/wallet/recharges",
                    Map.of("amount", "5.00"), t)), 201);
        }
    }

    private static Shop.Product pick(List<Shop.Product> products, Random random) {
        int r = random.nextInt(products.stream().mapToInt(Shop.Product::weight).sum());
        for (Shop.Product p : products) {
            r -= p.weight();
            if (r < 0) {
                return p;
            }
        }
        return products.getLast();
    }
}
