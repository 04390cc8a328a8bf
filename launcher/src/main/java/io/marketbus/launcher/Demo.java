package io.marketbus.launcher;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.eventbus.NatsConnections;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * {@code marketbus demo}: against a running system, a seller and a customer go through every path of
 * the order saga while every event that crosses the bus is printed; then the final state.
 */
final class Demo {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private final LaunchSettings settings;
    private final MarketbusClient api;
    private final EventCodec codec = new EventCodec(EventCatalogue.load());

    Demo(LaunchSettings settings) {
        this.settings = settings;
        this.api = MarketbusClient.local(settings);
    }

    int run() throws Exception {
        try (Connection nats = settings.connectAsOperator("marketbus-demo")) {
            Dispatcher bus = nats.createDispatcher(message -> {
                try {
                    CloudEvent<EventPayload> event = codec.decode(message.getData());
                    System.out.printf("  [bus] %-44s %-28s %s%n", message.getSubject(), event.type(), about(event.data()));
                } catch (RuntimeException e) {
                    System.out.printf("  [bus] %-44s (not an event: %s)%n", message.getSubject(), e.getMessage());
                }
            });
            for (String stream : EventCatalogue.load().streams()) {
                bus.subscribe(settings.namespace().subject(stream + ".*"));
            }
            String run = Long.toString(Instant.now().getEpochSecond(), 36);
            say("Signing up a seller and a customer");
            String seller = api.signUpAndLogIn("Sam Seller", "seller-" + run + "@demo.marketbus", "seller-password-" + run, "seller");
            String customer = api.signUpAndLogIn("Cora Customer", "customer-" + run + "@demo.marketbus", "customer-password-" + run, "customer");

            say("The seller creates a merchant (once inventorysvc has granted sellers that on sign-up) and two products");
            // Tried again until the sign-up's grant arrived: one Idempotency-Key for every try.
            String merchantKey = java.util.UUID.randomUUID().toString();
            JsonNode merchant = afterSignUp("create a merchant", () -> api.post("inventorysvc", "/v1/inventorysvc/merchants",
                    Map.of("name", "Demo Traders " + run), seller, merchantKey));
            String merchantId = merchant.path("id").asString();
            // The merchant's creator may add products at once (read-your-writes): a 403 here is a failure.
            JsonNode mug = once("add a product", () -> api.post("inventorysvc", "/v1/inventorysvc/merchants/" + merchantId + "/products",
                    Map.of("name", "Mug", "description", "Enamel mug", "price", "12.50", "quantity", 3), seller));
            JsonNode clock = once("add a product", () -> api.post("inventorysvc", "/v1/inventorysvc/merchants/" + merchantId + "/products",
                    Map.of("name", "Grandfather clock", "description", "Too dear", "price", "500.00", "quantity", 5), seller));

            Map<String, String> orders = new LinkedHashMap<>();
            say("Order 1: two mugs (25.00 of the customer's 100.00) — should be paid");
            orders.put(place(customer, mug, 2, true), "two mugs");
            say("Order 2: two more mugs, only one is left — should run out of stock");
            orders.put(place(customer, mug, 2, false), "two more mugs");
            say("Order 3: a clock for 500.00 — should fail for funds");
            orders.put(place(customer, clock, 1, false), "a clock");
            say("Order 4: the last mug, then canceled after payment — refund and stock back");
            String fourth = place(customer, mug, 1, false);
            orders.put(fourth, "the last mug, canceled");
            once("cancel the order", () -> api.post("ordersvc", "/v1/ordersvc/orders/" + fourth + "/cancel", null, customer));

            for (String id : orders.keySet()) {
                awaitTerminal(customer, id);
            }
            Thread.sleep(500); // let the last refund's events print before the summary
            summary(customer, orders, List.of(mug, clock), seller, merchantId);
            bus.unsubscribe(">");
        }
        return 0;
    }

    /**
     * Places an order and waits until the saga has answered it, so the story reads in order. The
     * customer's first order waits for ordersvc's sign-up grant; reading it back never waits.
     */
    private String place(String customer, JsonNode product, int quantity, boolean first) throws InterruptedException {
        String key = java.util.UUID.randomUUID().toString(); // the first order is tried again: one key for every try
        Supplier<MarketbusClient.Response> order = () -> api.post("ordersvc", "/v1/ordersvc/orders",
                Map.of("product_id", product.path("id").asString(), "quantity", quantity), customer, key);
        String id = (first ? afterSignUp("place an order", order) : once("place an order", order)).path("id").asString();
        awaitSettled(customer, id);
        return id;
    }

    private void awaitSettled(String token, String orderId) throws InterruptedException {
        Instant until = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(until)) {
            MarketbusClient.Response order = api.get("ordersvc", "/v1/ordersvc/orders/" + orderId, token);
            if (order.status() == 403) {
                // ordersvc honours the grant it issued from the moment the order exists (read-your-writes).
                throw new IllegalStateException("The owner of order " + orderId + " was refused it: " + order.body());
            }
            String status = order.text("status");
            if (order.ok() && !status.equals("pending") && !status.equals("payment_pending")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Order " + orderId + " did not settle");
    }

    private void awaitTerminal(String token, String orderId) throws InterruptedException {
        List<String> terminal = List.of("paid", "product_out_of_stock", "failed", "canceled");
        Instant until = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(until)) {
            MarketbusClient.Response order = api.get("ordersvc", "/v1/ordersvc/orders/" + orderId, token);
            if (order.ok() && terminal.contains(order.text("status"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Order " + orderId + " did not finish");
    }

    private void summary(String customer, Map<String, String> orders, List<JsonNode> products, String seller, String merchantId) {
        say("Final state");
        System.out.println("  Orders");
        for (Map.Entry<String, String> o : orders.entrySet()) {
            JsonNode order = api.get("ordersvc", "/v1/ordersvc/orders/" + o.getKey(), customer).body();
            System.out.printf("    %s  %-24s %-22s console %s/orders.html?id=%s%n", o.getKey(), o.getValue(),
                    order.path("status").asString(), ConsoleLaunch.url(settings), o.getKey());
        }
        System.out.println("  Stock");
        for (JsonNode product : products) {
            JsonNode now = api.get("inventorysvc", "/v1/inventorysvc/products/" + product.path("id").asString(), customer).body();
            System.out.printf("    %-20s available %s%n", now.path("name").asString(), now.path("available").asString());
        }
        JsonNode wallet = api.get("paymentsvc", "/v1/paymentsvc/wallet", customer).body();
        System.out.printf("  Wallet of the customer: %s%n", wallet.path("balance").asString());
        JsonNode transactions = api.get("paymentsvc", "/v1/paymentsvc/transactions?size=20", customer).body();
        for (JsonNode t : transactions.path("items").values()) {
            System.out.printf("    %-8s %8s  order %s%n", t.path("kind").asString(), t.path("amount").asString(),
                    t.path("order_id").asString("-"));
        }
    }

    /** One call; anything but success (a 403 included) stops the demo loudly. */
    private JsonNode once(String what, Supplier<MarketbusClient.Response> call) {
        MarketbusClient.Response reply = call.get();
        if (!reply.ok()) {
            throw new IllegalStateException("Could not " + what + ": " + reply.status() + " " + reply.body());
        }
        return reply.body();
    }

    /**
     * The first call after sign-up: the permission comes from another service's reaction to the new
     * account (event-account-created), so it is retried while that has not happened yet (403), then
     * gives up loudly.
     */
    private JsonNode afterSignUp(String what, Supplier<MarketbusClient.Response> call) {
        Instant until = Instant.now().plus(PATIENCE);
        MarketbusClient.Response last = null;
        while (Instant.now().isBefore(until)) {
            last = call.get();
            if (last.ok()) {
                return last.body();
            }
            if (last.status() != 403 && last.status() != 503) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("Could not " + what + ": " + (last == null ? "no answer" : last.status() + " " + last.body()));
    }

    private static String about(EventPayload data) {
        String text = data.toString();
        int open = text.indexOf('(');
        return open < 0 ? text : text.substring(open);
    }

    private static void say(String line) {
        System.out.println();
        System.out.println("== " + line);
    }

}
