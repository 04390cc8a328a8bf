package io.marketbus.harness.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Two instances of every service sharing the load; a revocation reaches both ordersvc instances. */
public final class ScaleMode extends Mode {

    @Override
    public Sandbox start(Settings settings, Figures figures) throws Exception {
        // Ten processes share one PostgreSQL (max_connections 100 here): smaller pools.
        return Sandbox.start(false, Map.of("SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE", "4"));
    }

    @Override
    public void run(Sandbox sandbox, Settings settings, Figures figures) throws Exception {
        ScaleOut.secondInstances(sandbox);
        figures.put("instances", sandbox.system().processes().size());
        int n = settings.orders();
        Shop shop = new Shop(sandbox.api()).open(Shop.loadCatalogue(n));
        shop.addCustomers(Math.max(4, n / 10));
        Load.Result result = new Load(shop, new Load.Plan(n, settings.workers(), 0.10, 0.03, settings.seed(), Duration.ofMinutes(1), settings.paceMillis())).run();
        Settlement.report(figures, result);
        Settlement.settleAndCheck(sandbox, figures, settings, result);
        Map<String, Long> handled = ScaleOut.handledPerInstance(sandbox);
        figures.put("events handled per instance (marketbus.events.consumed detail=handled)", handled);
        for (String service : List.of("authzsvc", "ordersvc", "inventorysvc", "paymentsvc")) {
            for (String instance : List.of("-1", "-2")) {
                if (handled.getOrDefault(service + instance, 0L) == 0) {
                    figures.violation(service + instance + " handled no event: the instances do not share the work");
                }
            }
        }
        long millis = ScaleOut.revocationMillis(sandbox, shop, figures);
        figures.put("revocation refused on both ordersvc instances after ms", millis);
    }
}
