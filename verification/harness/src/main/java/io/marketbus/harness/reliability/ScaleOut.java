package io.marketbus.harness.reliability;

import io.marketbus.harness.Api;
import io.marketbus.harness.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Two instances of every service: the shared durable consumers split the events between them (read
 * from each instance's {@code marketbus.events.consumed}), and a policy revocation reaches the
 * cache of both order instances.
 */
final class ScaleOut {

    private ScaleOut() {}

    static void secondInstances(Sandbox sandbox) throws Exception {
        try (ExecutorService starting = Executors.newFixedThreadPool(Sandbox.SERVICES.size())) {
            List<Future<ServiceProcess>> started = new ArrayList<>();
            for (String service : Sandbox.SERVICES) {
                started.add(starting.submit(() -> sandbox.system().startInstance(service, "2").awaitHealthy(Duration.ofSeconds(180))));
            }
            for (Future<ServiceProcess> f : started) {
                f.get();
            }
        }
    }

    /** Events handled (not duplicates) per instance, e.g. {@code ordersvc-2 -> 412}. */
    static Map<String, Long> handledPerInstance(Sandbox sandbox) {
        String admin = sandbox.api().admin();
        Map<String, Long> handled = new LinkedHashMap<>();
        for (String service : Sandbox.SERVICES) {
            for (ServiceProcess process : sandbox.system().instances(service)) {
                Api.Reply reply = sandbox.api().call(process.baseUrl(), "GET",
                        "/actuator/metrics/marketbus.events.consumed?tag=detail:handled", null, admin);
                handled.put(service + "-" + process.instance(),
                        reply.status() == 200 ? Math.round(reply.body().path("measurements").path(0).path("value").asDouble(0)) : 0L);
            }
        }
        return handled;
    }

    /** Milliseconds until a revoked "get" on an order is refused by every order instance (or -1). */
    static long revocationMillis(Sandbox sandbox, Shop shop, Figures figures) {
        Api api = sandbox.api();
        Shop.Customer customer = shop.customers().getFirst();
        String orderKey = Api.newIdempotencyKey(); // the same key in every try
        Api.Reply placed = shop.reply(customer, t -> api.post("ordersvc", "/v1/ordersvc/orders",
                Map.of("product_id", shop.products().get(1).id(), "quantity", 1), t, orderKey), Duration.ofSeconds(30));
        String orderId = placed.text("id");
        List<ServiceProcess> instances = sandbox.system().instances("ordersvc");
        for (ServiceProcess instance : instances) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    api.call(instance.baseUrl(), "GET", "/v1/ordersvc/orders/" + orderId, null, customer.token()).status() == 200);
        }
        Api.Reply revoked = api.call(sandbox.system().url("authzsvc"), "DELETE", "/v1/authzsvc/policies?subject="
                + customer.account() + "&action=get&resource_type=orders&resource_id=" + orderId, null, api.admin());
        if (!revoked.body().path("changed").asBoolean()) {
            figures.violation("the revocation changed nothing: " + revoked);
            return -1;
        }
        long start = System.nanoTime();
        try {
            for (ServiceProcess instance : instances) {
                Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() ->
                        api.call(instance.baseUrl(), "GET", "/v1/ordersvc/orders/" + orderId, null, customer.token()).status() == 403);
            }
        } catch (ConditionTimeoutException e) {
            figures.violation("a revoked permission still allowed on an order instance 2 s after the revocation");
            return -1;
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
