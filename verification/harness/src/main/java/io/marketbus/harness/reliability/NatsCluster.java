package io.marketbus.harness.reliability;

import io.marketbus.busaccess.BusIdentities;
import io.marketbus.busaccess.NatsServerConfiguration;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.access.BusPermissions;
import io.marketbus.contract.access.BusScope;
import io.marketbus.eventbus.NatsConnections;
import io.nats.client.Connection;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * Three nats-server processes on loopback ports, routed into one JetStream cluster, each with a
 * store of its own; a node can be SIGKILLed and started again on its store.
 */
final class NatsCluster implements AutoCloseable {

    private final int[] clientPorts = new int[3];
    private final int[] routePorts = new int[3];
    private final Path[] dirs = new Path[3];
    private final Process[] processes = new Process[3];

    private NatsCluster() {}

    static NatsCluster start() throws Exception {
        NatsCluster cluster = new NatsCluster();
        for (int i = 0; i < 3; i++) {
            cluster.clientPorts[i] = freePort();
            cluster.routePorts[i] = freePort();
            cluster.dirs[i] = Files.createTempDirectory("marketbus-nats-node" + i);
        }
        for (int i = 0; i < 3; i++) {
            cluster.writeConfig(i);
            cluster.startNode(i);
        }
        cluster.awaitJetStream();
        return cluster;
    }

    /** Every node, comma separated (the clients also learn the cluster's members from the servers). */
    String url() {
        List<String> urls = new ArrayList<>();
        for (int port : clientPorts) {
            urls.add("nats://127.0.0.1:" + port);
        }
        return String.join(",", urls);
    }

    String node(int i) {
        return "n" + i + " (127.0.0.1:" + clientPorts[i] + ")";
    }

    /** The credentials of the cluster's users, the same on every node. */
    BusIdentities identities() {
        return BusIdentities.in(dirs[0].resolve("credentials"));
    }

    /** A secured bus like every other: the contract's users, for any namespace, on each node. */
    private void writeConfig(int i) throws IOException {
        List<String> routes = java.util.stream.IntStream.range(0, 3).filter(j -> j != i)
                .mapToObj(j -> "nats-route://127.0.0.1:" + routePorts[j]).toList();
        NatsServerConfiguration.builder()
                .host("127.0.0.1").port(clientPorts[i]).storeDirectory(dirs[i].resolve("store"))
                .clusterNode("n" + i, new NatsServerConfiguration.Cluster("marketbus-reliability", routePorts[i], routes))
                .users(BusPermissions.all(EventCatalogue.load(), BusScope.anyNamespace()), identities())
                .build()
                .writeTo(dirs[i].resolve("node.conf"));
    }

    synchronized void startNode(int i) throws IOException {
        String binary = System.getenv().getOrDefault("NATS_SERVER_BIN", "nats-server");
        processes[i] = new ProcessBuilder(List.of(binary, "-c", dirs[i].resolve("node.conf").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dirs[i].resolve("server.log").toFile()))
                .start();
        int port = clientPorts[i];
        Awaitility.await("nats node " + i + " listening").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> listening(port));
    }

    /** SIGKILL of one node. */
    synchronized void kill(int i) {
        Process process = processes[i];
        if (process != null) {
            process.destroyForcibly();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
            processes[i] = null;
        }
    }

    /** Waits until the cluster has a JetStream meta leader (account info answers). */
    void awaitJetStream() throws Exception {
        try (Connection c = NatsConnections.connect(url(), "reliability-cluster-probe", new NatsConnections.Reconnects(),
                identities(), BusPermissions.PROVISIONING)) {
            Awaitility.await("JetStream cluster ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> c.jetStreamManagement().getAccountStatistics() != null);
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < 3; i++) {
            kill(i);
        }
    }
}
