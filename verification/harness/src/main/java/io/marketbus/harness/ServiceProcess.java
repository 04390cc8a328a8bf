package io.marketbus.harness;

import io.marketbus.testkit.Health;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * One service instance as its own operating-system process ({@code java -jar marketbus.jar service
 * NAME --port=N}), the production shape; or, {@link RunningSystem#startEmbedded embedded}, the
 * whole system in one ({@code java -jar marketbus.jar run}). It can be killed abruptly and started again.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /**
     * What one instance is started as: its service, instance name, port (where its health is
     * asked), environment, log file and the launcher's arguments.
     */
    record Launch(String service, String instance, int port, Map<String, String> environment, Path log,
                  List<String> arguments) {

        /** {@code service NAME --port=N --instance=ID}, then {@code springArguments} for this instance only. */
        static Launch service(String service, String instance, int port, Map<String, String> environment, Path log,
                List<String> springArguments) {
            List<String> arguments = new ArrayList<>(List.of("service", service, "--port=" + port, "--instance=" + instance));
            arguments.addAll(springArguments);
            return new Launch(service, instance, port, environment, log, List.copyOf(arguments));
        }

        /** How it is named in waits and failures, e.g. {@code ordersvc load-local}. */
        String name() {
            return service + " " + instance;
        }
    }

    private final Launch launch;
    private Process process;

    ServiceProcess(Launch launch) {
        this.launch = launch;
    }

    public String service() {
        return launch.service();
    }

    public String instance() {
        return launch.instance();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public int port() {
        return launch.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + launch.port();
    }

    /** The JVM options of every service process, when set (the load benchmark runs production's). */
    public static final String JVM_OPTIONS = "marketbus.service.jvm-options";

    /**
     * Small and quick to start, for tests: many processes share 2 cores and CI's memory, and a test
     * measures correctness, not speed. Never used for figures.
     */
    static final String TEST_JVM_OPTIONS = "-Xmx384m -XX:TieredStopAtLevel=1";

    /** Starts the process; {@link #awaitHealthy} waits for it. */
    public synchronized ServiceProcess start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(List.of(System.getProperty(JVM_OPTIONS, TEST_JVM_OPTIONS).trim().split("\\s+")));
        command.addAll(List.of("-jar", System.getProperty("marketbus.jar", "../launcher/target/marketbus.jar")));
        command.addAll(launch.arguments());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()));
        builder.environment().putAll(launch.environment());
        process = builder.start();
        return this;
    }

    public ServiceProcess awaitHealthy(Duration timeout) {
        Awaitility.await(launch.name() + " healthy on " + launch.port()).atMost(timeout)
                .pollInterval(Duration.ofMillis(250)).until(this::healthy);
        return this;
    }

    boolean healthy() {
        return healthy(launch.port());
    }

    /** Whether what this process serves on {@code port} is up (an embedded system serves on several). */
    boolean healthy(int port) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(launch.name() + " exited; see " + launch.log());
        }
        return Health.isUp(http, "http://127.0.0.1:" + port + "/actuator/health", Duration.ofSeconds(2));
    }

    /** The CPU time the process has used so far, all its threads (the operating system's count); zero before start. */
    public synchronized Duration cpuTime() {
        return process == null ? Duration.ZERO : process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** SIGKILL: no shutdown hooks, no flushing — a crash. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
