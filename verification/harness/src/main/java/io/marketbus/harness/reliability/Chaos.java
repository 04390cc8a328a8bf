package io.marketbus.harness.reliability;

import io.marketbus.testkit.NatsServerProcess;
import io.marketbus.testkit.TcpProxy;
import io.marketbus.harness.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * Faults during a load: at evenly spread points of the load's progress, SIGKILLs a service process
 * (every service in turn, in a shuffled order) and starts it again after its downtime, kills the
 * nats-server and starts it again on the same store after its downtime, or cuts the services off
 * their database (the sandbox's TCP proxy) and restores it after its downtime. The downtimes are
 * the settings' {@link Settings.Faults}: as long as real outages, longer than any retry.
 */
public final class Chaos {

    private final Sandbox sandbox;
    private final Load load;
    private final int totalOrders;
    private final int kills;
    private final boolean natsRestart;
    private final Settings.Faults faults;
    private final Random random;
    private final Figures figures;
    private final AtomicInteger serviceKills = new AtomicInteger();
    private final AtomicInteger serviceRestarts = new AtomicInteger();
    private final AtomicInteger natsRestarts = new AtomicInteger();
    private final AtomicInteger databaseCuts = new AtomicInteger();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /** The settings' kills spread over their orders of {@code load}, the victims picked by their seed. */
    public Chaos(Sandbox sandbox, Load load, Settings settings, boolean natsRestart, Figures figures) {
        this.sandbox = sandbox;
        this.load = load;
        this.totalOrders = settings.orders();
        this.kills = settings.kills();
        this.natsRestart = natsRestart && !settings.faults().natsDown().isZero();
        this.faults = settings.faults();
        this.random = new Random(settings.seed());
        this.figures = figures;
    }

    /** Puts what the chaos did into the figures: the kills and restarts, and its log. */
    public void report() {
        figures.put("service kills (SIGKILL)", serviceKills.get());
        figures.put("service restarts", serviceRestarts.get());
        figures.put("nats-server restarts", natsRestarts.get());
        figures.put("database cuts", databaseCuts.get());
        figures.put("chaos", List.copyOf(log));
    }

    /** Runs every planned action (those whose point the load never reached run when it ended). */
    public void run() throws Exception {
        List<String> victims = new ArrayList<>(Sandbox.SERVICES);
        Collections.shuffle(victims, random);
        List<String> plan = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            plan.add(victims.get(k % victims.size()));
        }
        if (natsRestart) {
            plan.add(plan.size() / 2, NATS);
        }
        if (!faults.databaseDown().isZero() && sandbox.databaseProxy() != null) {
            plan.add((plan.size() + 1) / 4, DATABASE);
        }
        for (int step = 0; step < plan.size(); step++) {
            int point = (int) ((long) totalOrders * (step + 1) / (plan.size() + 1));
            Awaitility.await("load at order " + point).atMost(Duration.ofHours(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> load.progress() >= point || load.finished());
            switch (plan.get(step)) {
                case NATS -> restartNats();
                case DATABASE -> cutDatabase();
                default -> crash(plan.get(step));
            }
        }
    }

    private static final String NATS = "nats-server";
    private static final String DATABASE = "database";

    private void crash(String service) throws Exception {
        ServiceProcess process = sandbox.system().first(service);
        int at = load.progress();
        long start = System.nanoTime();
        process.kill();
        serviceKills.incrementAndGet();
        // Downtime: the process stays dead while the load keeps coming (the outage, not a wait).
        Shop.pace(faults.serviceDown().toMillis());
        process.start();
        process.awaitHealthy(Duration.ofSeconds(240));
        serviceRestarts.incrementAndGet();
        String line = String.format("kill -9 %s at order %d, healthy again after %.1f s", service, at,
                (System.nanoTime() - start) / 1e9);
        log.add(line);
        figures.say(line);
    }

    private void restartNats() throws Exception {
        NatsServerProcess nats = sandbox.ownNats();
        if (nats == null) {
            throw new IllegalStateException("restarting NATS needs a nats-server of the sandbox's own");
        }
        int at = load.progress();
        long start = System.nanoTime();
        nats.kill();
        Shop.pace(faults.natsDown().toMillis()); // the outage; the outboxes hold the events meanwhile
        nats.startAgain();
        natsRestarts.incrementAndGet();
        String line = String.format("kill -9 nats-server at order %d, listening again after %.1f s", at,
                (System.nanoTime() - start) / 1e9);
        log.add(line);
        figures.say(line);
    }

    private void cutDatabase() {
        TcpProxy proxy = sandbox.databaseProxy();
        int at = load.progress();
        long start = System.nanoTime();
        proxy.cut();
        databaseCuts.incrementAndGet();
        try {
            // The outage: every service loses its connections and gets none; requests, handlers and relays fail meanwhile.
            Shop.pace(faults.databaseDown().toMillis());
        } finally {
            proxy.restore();
        }
        String line = String.format("database cut off every service at order %d, reachable again after %.1f s", at,
                (System.nanoTime() - start) / 1e9);
        log.add(line);
        figures.say(line);
    }
}
