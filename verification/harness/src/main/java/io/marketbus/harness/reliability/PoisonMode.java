package io.marketbus.harness.reliability;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.eventbus.DeadLetter;
import io.marketbus.harness.Api;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Malformed, unknown and schema-invalid events on every shared subject: each is dead-lettered at
 * once, business state does not change, and an order placed afterwards still completes.
 */
public final class PoisonMode extends Mode {

    @Override
    public void run(Sandbox sandbox, Settings settings, Figures figures) throws Exception {
        Shop shop = new Shop(sandbox.api()).open(List.of(new Shop.ProductSpec("Poison antidote", "2.00", 10, 1)));
        Shop.Customer customer = shop.addCustomers(1).getFirst();
        SystemChecks checks = new SystemChecks(sandbox);
        Settlement.awaitQuietBefore("poison", checks, settings, figures);
        List<DeadLetter> earlier = sandbox.deadLetters();
        Map<String, String> snapshot = checks.snapshot();

        List<Poison.Pill> pills = Poison.pills(EventCatalogue.load());
        int due = Poison.publish(sandbox.system().nats().connection().jetStream(), sandbox.namespace(), pills);
        figures.put("poison messages published", pills.size());
        figures.put("subjects poisoned", pills.stream().map(Poison.Pill::subject).distinct().toList());
        figures.put("dead letters due (one per receiving service)", due);
        List<DeadLetter>[] letters = new List[1];
        try {
            Awaitility.await("dead letters").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> (letters[0] = newer(sandbox.deadLetters(), earlier)).size() >= due);
        } catch (ConditionTimeoutException e) {
            figures.violation("only " + (letters[0] == null ? 0 : letters[0].size()) + " of " + due + " dead letters in 60 s");
        }
        letters[0] = newer(sandbox.deadLetters(), earlier);
        figures.put("dead letters", letters[0].size());
        Map<String, Long> byKind = new TreeMap<>();
        letters[0].forEach(d -> byKind.merge(d.service() + " " + d.kind(), 1L, Long::sum));
        figures.put("dead letters by service and kind", byKind);
        figures.put("max deliveries of a dead letter", letters[0].stream().mapToLong(DeadLetter::deliveries).max().orElse(0));
        figures.violations(Poison.check(pills, letters[0]));
        List<String> changed = SystemChecks.differences(snapshot, checks.snapshot());
        if (!changed.isEmpty()) {
            figures.violation("the poison changed business state: " + changed);
        }

        // Afterwards a normal order still goes through.
        String productId = shop.products().getFirst().id();
        String orderKey = Api.newIdempotencyKey(); // the same key in every try
        Api.Reply placed = shop.reply(customer, t -> sandbox.api().post("ordersvc", "/v1/ordersvc/orders",
                Map.of("product_id", productId, "quantity", 1), t, orderKey), Duration.ofSeconds(30));
        if (placed.status() != 201) {
            figures.violation("order after the poison refused: " + placed);
        } else {
            String status = awaitTerminal(sandbox, shop, customer, placed.text("id"));
            figures.put("order placed after the poison ended", status);
            if (!"paid".equals(status)) {
                figures.violation("the order after the poison ended " + status + ", not paid");
            }
        }
        Settlement.settleAndCheck(sandbox, figures, settings, placed.status() == 201
                ? new SystemChecks.ClientView(List.of(UUID.fromString(placed.text("id"))), List.of()) : SystemChecks.ClientView.NONE,
                earlier.stream().map(DeadLetter::sequence).toList(), pills);
    }

    private static List<DeadLetter> newer(List<DeadLetter> all, List<DeadLetter> earlier) {
        List<Long> seen = earlier.stream().map(DeadLetter::sequence).toList();
        return all.stream().filter(d -> !seen.contains(d.sequence())).toList();
    }

    private static String awaitTerminal(Sandbox sandbox, Shop shop, Shop.Customer customer, String orderId) {
        String[] status = new String[1];
        try {
            Awaitility.await("order " + orderId).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                status[0] = shop.call(customer, t -> sandbox.api().get("ordersvc", "/v1/ordersvc/orders/" + orderId, t)).text("status");
                return SystemChecks.TERMINAL.contains(status[0]);
            });
        } catch (ConditionTimeoutException e) {
            return "still " + status[0] + " after 60 s";
        }
        return status[0];
    }
}
