package io.marketbus.harness.reliability;

import io.marketbus.harness.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.awaitility.Awaitility;

/**
 * A seller with one merchant and its products, and customers with open wallets, made through the
 * public API only. Calls tolerate a service that is down or restarting (they try again, paced)
 * and an access token that expired (the customer logs in again).
 */
public final class Shop {

    public static final String PASSWORD = "reliability-harness-password";

    /** A product to put on sale. */
    public record ProductSpec(String name, String price, int stock, int weight) {}

    public record Product(String id, String name, String price, int stock, int weight) {}

    /** An account with its credentials, so that it can log in again when its token expired. */
    public final class Customer {
        final String email;
        final long account;
        private volatile String token;

        Customer(String email, String token) {
            this.email = email;
            this.token = token;
            this.account = Api.accountOf(token);
        }

        public String token() {
            return token;
        }

        public long account() {
            return account;
        }

        synchronized void logInAgain(String stale) {
            if (stale.equals(token)) {
                token = api.logIn(email, PASSWORD);
            }
        }
    }

    private final Api api;
    private final AtomicLong retries = new AtomicLong();
    private Customer seller;
    private String merchantId;
    private final List<Product> products = new ArrayList<>();
    private final List<Customer> customers = new ArrayList<>();

    public Shop(Api api) {
        this.api = api;
    }

    public Api api() {
        return api;
    }

    /**
     * The products for a load of {@code orders}: a few with stock below demand (so orders run out of
     * stock), one too dear for any wallet (so payments fail), the rest plentiful. Wallets run dry along
     * the way too.
     */
    static List<ProductSpec> loadCatalogue(int orders) {
        return List.of(
                new ProductSpec("Lamp", "1.50", Math.max(5, orders / 2), 40),   // ~0.8 units asked per order: runs out
                new ProductSpec("Mug", "3.25", orders * 3, 30),
                new ProductSpec("Rare vase", "2.00", Math.max(2, orders / 20), 20),
                new ProductSpec("Yacht", "250.00", orders * 3, 10));             // dearer than any wallet
    }

    /** A seller, its merchant and the products. */
    public Shop open(List<ProductSpec> specs) {
        seller = signUp("Reliability Seller", "seller");
        awaitGranted(seller, "post", "merchants", api.admin()); // inventorysvc's reaction to the sign-up
        String merchantName = "Reliability Goods " + System.nanoTime();
        String merchantKey = Api.newIdempotencyKey(); // a retry after a lost answer gets that answer, not a 409
        merchantId = reply(seller, t -> api.post("inventorysvc", "/v1/inventorysvc/merchants",
                Map.of("name", merchantName), t, merchantKey), Duration.ofSeconds(60)).text("id");
        for (ProductSpec spec : specs) {
            String name = spec.name() + " " + System.nanoTime();
            String productKey = Api.newIdempotencyKey();
            Api.Reply created = reply(seller, t -> api.post("inventorysvc", "/v1/inventorysvc/merchants/" + merchantId + "/products",
                    Map.of("name", name, "description", "reliability harness", "price", spec.price(), "quantity", spec.stock()), t,
                    productKey), Duration.ofSeconds(60));
            products.add(new Product(created.text("id"), name, spec.price(), spec.stock(), spec.weight()));
        }
        return this;
    }

    /** {@code count} customers, signed up side by side; returns when every wallet is open. */
    public List<Customer> addCustomers(int count) throws Exception {
        List<Customer> added = new ArrayList<>();
        try (ExecutorService signing = Executors.newFixedThreadPool(4)) {
            List<Future<Customer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = customers.size() + i;
                futures.add(signing.submit(() -> signUp("Customer " + n, "customer")));
            }
            for (Future<Customer> f : futures) {
                added.add(f.get());
            }
        }
        String admin = api.admin();
        for (Customer customer : added) {
            // The wallet and the grant to recharge are paymentsvc's one transaction on sign-up.
            Awaitility.await("wallet of " + customer.account).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> call(customer, t -> api.get("paymentsvc", "/v1/paymentsvc/wallet", t)).status() == 200);
            // ordersvc's grant to place orders, its own reaction to the sign-up: once authzsvc has it,
            // ordersvc has committed it and honours it. After that no call of the load may get a 403.
            awaitGranted(customer, "post", "orders", admin);
        }
        synchronized (customers) {
            customers.addAll(added);
        }
        return added;
    }

    /**
     * Waits until authzsvc has {@code who}'s grant of {@code action} on every {@code type}: a
     * service's reaction to the sign-up, which that service honours from the moment it committed it.
     */
    private void awaitGranted(Customer who, String action, String type, String admin) {
        String policy = who.account + ":" + action + ":" + type + ":*";
        Awaitility.await(policy).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> attempt(() -> api.get("authzsvc", "/v1/authzsvc/policies?subject=" + who.account, admin))
                        .body().path("policies").values().stream().anyMatch(p -> p.asString().equals(policy)));
    }

    public Customer signUp(String name, String role) {
        String email = name.toLowerCase().replace(' ', '.') + "." + System.nanoTime() + "@reliability.test";
        Api.Reply created = until(() -> api.post("authnsvc", "/v1/authnsvc/accounts",
                Map.of("name", name, "email", email, "password", PASSWORD, "role", role), null), Duration.ofSeconds(60));
        if (created.status() != 201) {
            throw new IllegalStateException("sign-up: " + created);
        }
        String token = until(() -> api.post("authnsvc", "/v1/authnsvc/login", Map.of("email", email, "password", PASSWORD), null),
                Duration.ofSeconds(60)).text("access_token");
        return new Customer(email, token);
    }

    public Customer seller() {
        return seller;
    }

    public String merchantId() {
        return merchantId;
    }

    public List<Product> products() {
        return products;
    }

    public List<Customer> customers() {
        synchronized (customers) {
            return List.copyOf(customers);
        }
    }

    /** Retries so far: answers 5xx, or no answer (service down). A 403 is never retried. */
    public long retries() {
        return retries.get();
    }

    /**
     * One call as {@code who}, once: a 401 logs in again and repeats; an unreachable service answers
     * status 0 instead of throwing.
     */
    public Api.Reply call(Customer who, Function<String, Api.Reply> call) {
        String token = who.token();
        Api.Reply reply = attempt(() -> call.apply(token));
        if (reply.status() == 401) {
            try {
                who.logInAgain(token);
            } catch (RuntimeException authnDown) {
                return new Api.Reply(0, reply.body());
            }
            reply = attempt(() -> call.apply(who.token()));
        }
        return reply;
    }

    /**
     * Like {@link #call}, tried again (paced) on 5xx and no answer, until the deadline. A 403 is an
     * answer: a customer's own creations are theirs from the next request on (read-your-writes). A
     * create must carry its {@code Idempotency-Key} (the same in every try, see
     * {@link Api#newIdempotencyKey}): a try whose answer was lost may have created it already.
     */
    public Api.Reply reply(Customer who, Function<String, Api.Reply> call, Duration deadline) {
        return until(() -> call(who, call), deadline);
    }

    private Api.Reply until(java.util.function.Supplier<Api.Reply> call, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Api.Reply reply = attempt(call);
            boolean again = reply.status() == 0 || reply.status() >= 500;
            if (!again || System.nanoTime() > end) {
                return reply;
            }
            retries.incrementAndGet();
            pace(250);
        }
    }

    private static Api.Reply attempt(java.util.function.Supplier<Api.Reply> call) {
        try {
            return call.get();
        } catch (RuntimeException unreachable) {
            return new Api.Reply(0, tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode()
                    .put("error", String.valueOf(unreachable.getMessage())));
        }
    }

    /** A pacing delay of the load generator between attempts (not a wait for a condition). */
    static void pace(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
