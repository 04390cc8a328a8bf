package io.marketbus.benchmarks.load;

import static io.marketbus.benchmarks.load.LoadBenchmark.progress;
import static io.marketbus.benchmarks.load.LoadBenchmark.require;
import static io.marketbus.benchmarks.load.LoadBenchmark.seconds;

import io.marketbus.harness.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** What the load runs on: a seller's products of ample stock, customers with wallets and one paid order each. */
final class LoadFixture {

    static final String ORDERS = "/v1/ordersvc/orders";

    record Customer(String token, String firstOrder) {}

    private final Api api;
    private final EventWatch watch;
    private final List<String> products = new ArrayList<>();
    private final List<Customer> customers = new ArrayList<>();

    private LoadFixture(Api api, EventWatch watch) {
        this.api = api;
        this.watch = watch;
    }

    List<String> products() {
        return products;
    }

    List<Customer> customers() {
        return customers;
    }

    static LoadFixture prepare(Api api, EventWatch watch, Settings settings) throws Exception {
        LoadFixture fixture = new LoadFixture(api, watch);
        fixture.fill(settings);
        return fixture;
    }

    private void fill(Settings settings) throws Exception {
        long start = System.nanoTime();
        String seller = api.signUpAndLogIn("Load Seller", "seller");
        api.awaitSignUpGrant(seller, "post", "merchants");
        String merchant = api.post("inventorysvc", "/v1/inventorysvc/merchants",
                Map.of("name", "Load Goods " + System.nanoTime()), seller).body().path("id").asString();
        for (int i = 0; i < settings.products(); i++) {
            int n = i;
            Api.Reply product = api.post("inventorysvc",
                    "/v1/inventorysvc/merchants/" + merchant + "/products",
                    Map.of("name", "Load item " + n + " " + System.nanoTime(), "description", "",
                            "price", "0.10", "quantity", 1_000_000), seller);
            require(product.status() == 201, "product: " + product);
            products.add(product.text("id"));
        }
        // Every customer's wallet opens with 100.00: 1,000 orders at 0.10 each.
        try (ExecutorService signUps = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            List<Future<Customer>> signedUp = new ArrayList<>();
            for (int i = 0; i < settings.customers(); i++) {
                int n = i;
                signedUp.add(signUps.submit(() -> customer(n)));
            }
            for (Future<Customer> customer : signedUp) {
                customers.add(customer.get());
            }
        }
        progress("fixture: %d products, %d customers with a paid order each, in %.0f s",
                products.size(), customers.size(), seconds(start));
    }

    /** Signs up, places a first order (once ordersvc has granted it on sign-up) and waits until it is paid. */
    private Customer customer(int n) throws Exception {
        String token = api.signUpAndLogIn("Load Customer " + n, "customer");
        api.awaitSignUpGrant(token, "post", "orders");
        Api.Reply placed = api.post("ordersvc", ORDERS,
                Map.of("product_id", products.get(n % products.size()), "quantity", 1), token);
        require(placed.status() == 201, "first order: " + placed);
        String order = placed.text("id");
        EventWatch.Outcome outcome = watch.outcome(order).get(60, TimeUnit.SECONDS);
        watch.forget(order);
        require(outcome.kind() == EventWatch.Kind.APPROVED, "first order of customer " + n + " ended " + outcome);
        return new Customer(token, order);
    }
}
