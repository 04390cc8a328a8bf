package io.marketbus.harness.reliability;

import io.marketbus.testkit.NatsServerProcess;
import io.marketbus.harness.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * Crashes during a load: at evenly spread points of the load's progress, SIGKILLs a service
 * process (every service in turn, in a shuffled order) and starts it again after a short
 * downtime, or kills the nats-server and starts it again on the same store.
 */
public final class Chaos {

    private final Sandbox sandbox;
    private final Load load;
    private final int totalOrders;
    private final int kills;
    private final boolean natsRestart;
    private final Random random;
    private final Figures figures;
    private final AtomicInteger serviceKills = new AtomicInteger();
    private final AtomicInteger serviceRestarts = new AtomicInteger();
    private final AtomicInteger natsRestarts = new AtomicInteger();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /** The settings' kills spread over their orders of {@code load}, the victims picked by their seed. */
    public Chaos(Sandbox sandbox, Load load, Settings settings, boolean natsRestart, Figures figures) {
        this.sandbox = sandbox;
        this.load = load;
        this.totalOrders = settings.orders();
        this.kills = settings.kills();
        this.natsRestart = natsRestart;
        this.random = new Random(settings.seed());
        this.figures = figures;
    }

    /** Puts what the chaos did into the figures: the kills and restarts, and its log. */
    public void report() {
        figures.put("service kills (SIGKILL)", serviceKills.get());
        figures.put("service restarts", serviceRestarts.get());
        figures.put("nats-server restarts", natsRestarts.get());
        figures.put("chaos", List.copyOf(log));
    }

    /** Runs every planned action (those whose point the load never reached run when it ended). */
    public void run() throws Exception {
        List<String> victims = new ArrayList<>(Sandbox.SERVICES);
        Collections.shuffle(victims, random);
        int steps = kills + (natsRestart ? 1 : 0);
        int natsStep = natsRestart ? steps / 2 : -1;
        int killed = 0;
        for (int step = 0; step < steps; step++) {
            int point = (int) ((long) totalOrders * (step + 1) / (steps + 1));
            Awaitility.await("load at order " + point).atMost(Duration.ofHours(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> load.progress() >= point || load.finished());
            if (step == natsStep) {
                restartNats();
            } else {
                crash(victims.get(killed++ % victims.size()));
            }
        }
    }

    private void crash(String service) throws Exception {
        ServiceProcess process = sandbox.system().first(service);
        int at = load.progress();
        long start = System.nanoTime();
        process.kill();
        serviceKills.incrementAndGet();
        // Downtime: the process stays dead a moment while the load keeps coming (pacing, not a wait).
        Shop.pace(500 + random.nextInt(2500));
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
        Shop.pace(3000); // the server stays away for a while; the outboxes hold the events meanwhile
        nats.startAgain();
        natsRestarts.incrementAndGet();
        String line = String.format("kill -9 nats-server at order %d, listening again after %.1f s", at,
                (System.nanoTime() - start) / 1e9);
        log.add(line);
        figures.say(line);
    }
}
