package io.marketbus.harness.reliability;

import java.time.Duration;

/**
 * N orders while service processes are SIGKILLed and restarted after their downtime (K times), the
 * nats-server is SIGKILLed and restarted once after its downtime, and the services' database is cut
 * off once (a TCP proxy in front of PostgreSQL) for its downtime; then every invariant holds and
 * the load reached every outcome ({@link Settings.Faults}: 20 s, 30 s and 30 s by default).
 */
public final class CrashMode extends Mode {

    @Override
    public Sandbox start(Settings settings, Figures figures) throws Exception {
        return Sandbox.start(true, settings.environment(), true); // a nats-server to kill, a database to cut off
    }

    /** The crash mode on a sandbox with a nats-server of its own. */
    @Override
    public void run(Sandbox sandbox, Settings settings, Figures figures) throws Exception {
        figures.put("system up after s", Math.round(figures.seconds()));
        figures.say("NATS " + sandbox.system().natsUrl() + " (own nats-server), namespace " + sandbox.namespace()
                + ", database " + sandbox.system().databaseUrl() + ", logs " + sandbox.system().logs());
        int n = settings.orders();
        Shop shop = new Shop(sandbox.api()).open(Shop.loadCatalogue(n));
        int customers = Math.max(6, n / 20);
        shop.addCustomers(customers);
        figures.put("customers (wallets of 100.00)", customers);
        shop.products().forEach(p -> figures.say("product " + p.name() + " price " + p.price() + " stock " + p.stock()
                + " weight " + p.weight()));

        Load load = new Load(shop, new Load.Plan(n, settings.workers(), 0.10, 0.03, settings.seed(),
                Duration.ofMinutes(5), settings.paceMillis()));
        Chaos chaos = new Chaos(sandbox, load, settings, true, figures);
        Thread chaosThread = Thread.ofPlatform().name("chaos").start(() -> {
            try {
                chaos.run();
            } catch (Exception e) {
                figures.violation("chaos failed: " + e);
            }
        });
        Thread progress = Thread.ofPlatform().daemon().name("progress").start(() -> {
            try {
                while (!load.finished()) {
                    Shop.pace(15_000);
                    figures.say("orders placed so far: " + load.progress() + " of " + n);
                }
            } catch (IllegalStateException interrupted) {
                // the load ended
            }
        });
        Load.Result result = load.run();
        chaosThread.join();
        progress.interrupt();
        Settlement.report(figures, result);
        chaos.report();
        Settlement.settleAndCheck(sandbox, figures, settings, result);
    }
}
