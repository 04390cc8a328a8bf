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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N orders from the shop's customers over several workers: products chosen by weight, 1 to 3
 * units, some orders canceled right after they were placed, some wallets recharged. Each call is
 * tried again while the service is down, so the load carries on through crashes.
 */
public final class Load {

    /** What the load did, as the client saw it. */
    public record Result(int attempted, Set<UUID> placed, Set<UUID> cancelsAccepted, int cancelsRefused,
                         int cancelsGivenUp, int ordersGivenUp, int recharges, long retries, double seconds) {

        /**
         * What the client was told, for the checks: an order it gave up on may exist (its answer
         * was lost), any other order of its customers that it was not told about is an extra.
         */
        public SystemChecks.ClientView clientView() {
            return new SystemChecks.ClientView(placed, cancelsAccepted, ordersGivenUp);
        }
    }

    /**
     * How much load: {@code orders} over {@code workers}, the shares of orders canceled and of wallets
     * recharged, the {@code seed} of the choices, how long one call is tried again at most, and the
     * pause of each worker after each order ({@code paceMillis}, to spread a small load over crashes).
     */
    public record Plan(int orders, int workers, double cancelShare, double rechargeShare, long seed,
                       Duration callDeadline, long paceMillis) {}

    private final Shop shop;
    private final Plan plan;
    private final AtomicInteger attempted = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile boolean finished;

    public Load(Shop shop, Plan plan) {
        this.shop = shop;
        this.plan = plan;
    }

    /** Orders finished so far (placed or given up). */
    public int progress() {
        return done.get();
    }

    public boolean finished() {
        return finished;
    }

    public Result run() throws Exception {
        long start = System.nanoTime();
        Set<UUID> placed = ConcurrentHashMap.newKeySet();
        Set<UUID> cancels = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger cancelsGivenUp = new AtomicInteger();
        AtomicInteger ordersGivenUp = new AtomicInteger();
        AtomicInteger recharges = new AtomicInteger();
        List<Shop.Customer> customers = shop.customers();
        List<Shop.Product> products = shop.products();
        int totalWeight = products.stream().mapToInt(Shop.Product::weight).sum();
        Api api = shop.api();
        try (ExecutorService pool = Executors.newFixedThreadPool(plan.workers())) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < plan.workers(); w++) {
                Random random = new Random(plan.seed() + w);
                futures.add(pool.submit(() -> {
                    while (attempted.getAndIncrement() < plan.orders()) {
                        Shop.Customer customer = customers.get(random.nextInt(customers.size()));
                        Shop.Product product = pick(products, totalWeight, random);
                        int quantity = 1 + random.nextInt(3);
                        // One key per order, sent by every try: a retry after a lost answer gets that answer.
                        String orderKey = Api.newIdempotencyKey();
                        Api.Reply reply = shop.reply(customer, t -> api.post("ordersvc", "/v1/ordersvc/orders",
                                Map.of("product_id", product.id(), "quantity", quantity), t, orderKey), plan.callDeadline());
                        if (reply.status() != 201) {
                            ordersGivenUp.incrementAndGet();
                            done.incrementAndGet();
                            continue;
                        }
                        UUID id = UUID.fromString(reply.text("id"));
                        placed.add(id);
                        if (random.nextDouble() < plan.cancelShare()) {
                            Api.Reply cancel = shop.reply(customer, t -> api.post("ordersvc",
                                    "/v1/ordersvc/orders/" + id + "/cancel", null, t), plan.callDeadline());
                            switch (cancel.status()) {
                                case 200 -> cancels.add(id);
                                case 409 -> refused.incrementAndGet();
                                default -> cancelsGivenUp.incrementAndGet();
                            }
                        }
                        if (random.nextDouble() < plan.rechargeShare()) {
                            String rechargeKey = Api.newIdempotencyKey();
                            Api.Reply recharge = shop.reply(customer, t -> api.post("paymentsvc", "/v1/paymentsvc/wallet/recharges",
                                    Map.of("amount", "5.00"), t, rechargeKey), plan.callDeadline());
                            if (recharge.status() == 201) {
                                recharges.incrementAndGet();
                            }
                        }
                        done.incrementAndGet();
                        if (plan.paceMillis() > 0) {
                            Shop.pace(plan.paceMillis());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            finished = true;
        }
        return new Result(Math.min(attempted.get(), plan.orders()), placed, cancels, refused.get(), cancelsGivenUp.get(),
                ordersGivenUp.get(), recharges.get(), shop.retries(), (System.nanoTime() - start) / 1e9);
    }

    private static Shop.Product pick(List<Shop.Product> products, int totalWeight, Random random) {
        int r = random.nextInt(totalWeight);
        for (Shop.Product p : products) {
            r -= p.weight();
            if (r < 0) {
                return p;
            }
        }
        return products.getLast();
    }
}
