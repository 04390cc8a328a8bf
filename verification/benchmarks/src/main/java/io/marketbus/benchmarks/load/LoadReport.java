package io.marketbus.benchmarks.load;

import io.marketbus.benchmarks.bus.RawPublish;
import io.marketbus.benchmarks.load.GetThroughput.GetResult;
import io.marketbus.benchmarks.load.SagaLoad.SagaResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one load benchmark run measured, printed as the table of figures and the table of ratios. */
record LoadReport(Settings settings, String date, String namespace, String loadAtStart, String loadAtEnd, RawPublish.Result raw,
                  SagaResult saga, List<GetResult> gets, CacheStats getLocalCache, double totalSeconds) {

    void print() {
        Map<String, GetResult> byMode = new HashMap<>();
        gets.forEach(g -> byMode.put(g.mode(), g));
        GetResult local = byMode.get("local");
        GetResult off = byMode.get("off");
        GetResult remote = byMode.get("remote");

        System.out.println();
        System.out.printf("Marketbus load benchmark, %s%n", date);
        System.out.printf("machine: %d cores (%s), %s; load average %s at start, %s at end; whole run %.0f s%n",
                Machine.cores(), Machine.cpu(), Machine.jdk(), loadAtStart, loadAtEnd, totalSeconds);
        System.out.printf("system:  5 services as processes of the launcher jar (-Xmx384m, C1 only), PostgreSQL, "
                + "NATS namespace %s;%n         load generator in the same machine: %d closed-loop clients "
                + "(virtual threads), %d customers, %d products%n%n", namespace, settings.clients(), settings.customers(), settings.products());

        String row = "%-58s %16s  %s%n";
        System.out.printf(row, "measure", "value", "detail");
        System.out.printf(row, "-".repeat(58), "-".repeat(16), "-".repeat(40));
        System.out.printf(row, "raw JetStream async publish (acked)", rate(raw.rate(), "msg/s"),
                String.format("%,d events of %d B in %.2f s, window %,d", raw.events(), raw.bytes(), raw.seconds(),
                        RawPublish.WINDOW));
        System.out.printf(row, "orders completed (paid) end to end", rate(saga.ordersPerSecond(), "orders/s"),
                String.format("%,d paid within %d s; %,d placed, %d canceled, %d out of stock, %d timed out, %d POST errors",
                        saga.approvedInWindow(), saga.seconds(), saga.posted(), saga.canceled(), saga.outOfStock(),
                        saga.timedOut(), saga.postErrors()));
        System.out.printf(row, "latency POST -> event-order-approved p50/p90/p99/max", "", saga.endToEnd().summary());
        System.out.printf(row, "latency POST /orders (201) p50/p90/p99/max", "", saga.post().summary());
        System.out.printf(row, "events per order", String.format("%.2f", saga.eventsPerOrder()),
                String.format("%,d events stored for %,d orders", saga.eventsOfOrders(), saga.posted()));
        saga.eventsByType().forEach((type, count) -> System.out.printf(row, "  " + type,
                String.format("%.2f", count / (double) saga.posted()), ""));
        System.out.printf(row, "saga events per second", rate(saga.eventsPerSecond(), "events/s"),
                String.format("%,d events stored within the %d s", saga.eventsInWindow(), saga.seconds()));
        System.out.printf(row, "authz cache hit ratio (saga, 4 services summed)", percent(saga.cache().ratio()),
                String.format("%,d hits, %,d misses", saga.cache().hits(), saga.cache().misses()));
        System.out.printf(row, "authz cache hit ratio (GET phase, local instance)", percent(getLocalCache.ratio()),
                String.format("%,d hits, %,d misses", getLocalCache.hits(), getLocalCache.misses()));
        for (GetResult get : gets) {
            System.out.printf(row, "GET /orders/{id}, authz " + get.mode() + switch (get.mode()) {
                        case "local" -> " (cached library)";
                        case "off" -> " (no check)";
                        default -> " (authzsvc call per check)";
                    }, get.failure() != null ? "-" : rate(get.perSecond(), "req/s"),
                    get.failure() != null ? "instance did not start: " + get.failure()
                            : String.format("p50/p90/p99/max %s; %d errors; owner %d, other customer %d",
                                    get.latencies().summary(), get.errors(), get.ownerStatus(), get.foreignStatus()));
        }
        System.out.println();
        System.out.printf(row, "ratio", "value", "");
        System.out.printf(row, "-".repeat(58), "-".repeat(16), "");
        System.out.printf(row, "saga events/s ÷ raw publish rate", String.format("%.4f", saga.eventsPerSecond() / raw.rate()), "");
        if (local != null && off != null) {
            System.out.printf(row, "authz on (local) ÷ authz off", String.format("%.2f", local.perSecond() / off.perSecond()), "");
        }
        if (local != null && remote != null) {
            System.out.printf(row, "authz on (local) ÷ remote check", String.format("%.2f", local.perSecond() / remote.perSecond()), "");
        }
    }

    private static String rate(double value, String unit) {
        return String.format("%,.1f %s", value, unit);
    }

    private static String percent(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format("%.2f %%", ratio * 100);
    }
}
