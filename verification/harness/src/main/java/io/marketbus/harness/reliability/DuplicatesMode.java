package io.marketbus.harness.reliability;

import io.marketbus.harness.Api;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Every event published twice while N orders go through: each still has its effect once. */
public final class DuplicatesMode extends Mode {

    @Override
    public void run(Sandbox sandbox, Settings settings, Figures figures) throws Exception {
        Map<String, Long> streamsBefore = sandbox.streamMessages();
        SystemChecks checks = new SystemChecks(sandbox);
        double duplicatesBefore = duplicatesDetected(sandbox);
        try (Duplicator duplicator = new Duplicator(sandbox.system().nats().connect("reliability-duplicator"), sandbox.namespace())) {
            int n = settings.orders();
            Shop shop = new Shop(sandbox.api()).open(Shop.loadCatalogue(n));
            shop.addCustomers(Math.max(4, n / 10));
            Load.Plan plan = new Load.Plan(n, Math.min(4, settings.workers()), 0.15, 0.05, settings.seed(),
                    Duration.ofMinutes(1), 0);
            Load.Result result = new Load(shop, plan).run();
            Settlement.report(figures, result);
            Settlement.settleAndCheck(sandbox, figures, settings, result);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(duplicator::settled);
            } catch (ConditionTimeoutException e) {
                figures.violation("copies still unacknowledged by JetStream");
            }
            // The copies' own deliveries settle too (the check above may have seen the originals only).
            SystemChecks.Quiet quiet = checks.awaitQuiet(settings.settle());
            if (!quiet.quiet()) {
                figures.violation("not quiet after the copies: " + quiet);
            }
            figures.violations(checks.violations(result.clientView()));
            figures.put("events seen (originals)", duplicator.originals());
            figures.put("copies published", duplicator.copies());
            duplicator.failures().stream().limit(10).forEach(f -> figures.violation("copy failed: " + f));
            if (duplicator.copies() != duplicator.originals() || duplicator.originals() == 0) {
                figures.violation("not every event was copied: " + duplicator.originals() + " seen, " + duplicator.copies() + " copied");
            }
        }
        Map<String, Long> streamsAfter = sandbox.streamMessages();
        Map<String, Long> added = new TreeMap<>();
        streamsAfter.forEach((s, c) -> added.put(s, c - streamsBefore.getOrDefault(s, 0L)));
        figures.put("messages added per stream (originals + copies)", added);
        double detected = duplicatesDetected(sandbox) - duplicatesBefore;
        figures.put("deliveries dropped as duplicates by the inboxes (marketbus.events.consumed detail=duplicate)", Math.round(detected));
        if (detected <= 0) {
            figures.violation("no consumer reported a duplicate: the copies did not reach the services");
        }
        figures.put("wallets", sandbox.count("select count(*) from paymentsvc.wallets"));
        figures.put("policies", sandbox.count("select count(*) from authzsvc.policies"));
        figures.put("transactions", sandbox.countBy("select kind, count(*) from paymentsvc.transactions group by kind order by kind"));
        List<String> doubled = sandbox.strings("""
                select 'account ' || account_id || ' has ' || count(*) || ' wallets' from paymentsvc.wallets group by account_id
                having count(*) > 1""");
        figures.violations(doubled);
    }

    /** Sum over every process of {@code marketbus.events.consumed} with detail {@code duplicate} (actuator metrics). */
    private static double duplicatesDetected(Sandbox sandbox) {
        String admin = sandbox.api().admin();
        double sum = 0;
        for (String service : Sandbox.SERVICES) {
            for (var process : sandbox.system().instances(service)) {
                Api.Reply reply = sandbox.api().call(process.baseUrl(), "GET",
                        "/actuator/metrics/marketbus.events.consumed?tag=detail:duplicate", null, admin);
                if (reply.status() == 200) {
                    sum += reply.body().path("measurements").path(0).path("value").asDouble(0);
                }
            }
        }
        return sum;
    }
}
