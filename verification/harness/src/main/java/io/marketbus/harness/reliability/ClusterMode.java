package io.marketbus.harness.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;

/**
 * The system on a three-node JetStream cluster with streams replicated three times, while one node
 * is SIGKILLed and started again under load.
 */
public final class ClusterMode extends Mode {

    private NatsCluster cluster;

    @Override
    public Sandbox start(Settings settings, Figures figures) throws Exception {
        cluster = NatsCluster.start();
        figures.say("three-node JetStream cluster up: " + cluster.url());
        return Sandbox.onCluster(cluster.url(), cluster.identities(), Map.of("MARKETBUS_STREAMS_REPLICAS", "3"), cluster);
    }

    @Override
    public void run(Sandbox sandbox, Settings settings, Figures figures) throws Exception {
        if (cluster == null) {
            throw new IllegalStateException("the cluster mode runs on the sandbox it starts");
        }
        var management = sandbox.system().nats().connection().jetStreamManagement();
        Map<String, Integer> replicas = new TreeMap<>();
        for (String stream : management.getStreamNames()) {
            if (stream.startsWith(sandbox.namespace() + "_")) {
                replicas.put(stream, management.getStreamInfo(stream).getConfiguration().getReplicas());
            }
        }
        figures.put("stream replicas", replicas);
        if (replicas.isEmpty() || replicas.values().stream().anyMatch(r -> r != 3)) {
            figures.violation("streams are not replicated three times: " + replicas);
        }
        int n = settings.orders();
        Shop shop = new Shop(sandbox.api()).open(Shop.loadCatalogue(n));
        shop.addCustomers(Math.max(4, n / 10));
        Load load = new Load(shop, new Load.Plan(n, settings.workers(), 0.10, 0.03, settings.seed(), Duration.ofMinutes(3),
                settings.paceMillis()));
        int victim = 2;
        Thread chaos = Thread.ofPlatform().name("cluster-chaos").start(() -> {
            try {
                Awaitility.await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(100))
                        .until(() -> load.progress() >= n / 3 || load.finished());
                int at = load.progress();
                cluster.kill(victim);
                figures.say("kill -9 nats node " + cluster.node(victim) + " at order " + at);
                Awaitility.await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(100))
                        .until(() -> load.progress() >= 2 * n / 3 || load.finished());
                cluster.startNode(victim);
                figures.say("nats node " + cluster.node(victim) + " started again at order " + load.progress());
            } catch (Exception e) {
                figures.violation("cluster chaos failed: " + e);
            }
        });
        Load.Result result = load.run();
        chaos.join();
        Settlement.report(figures, result);
        Settlement.settleAndCheck(sandbox, figures, settings, result);
        Map<String, Long> messages = sandbox.streamMessages();
        figures.put("messages per stream", messages);
    }
}
