package io.marketbus.consoletests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.ServiceName;
import io.marketbus.eventbus.BusAdministration;
import io.marketbus.eventbus.DeadLetter;
import io.marketbus.harness.Api;
import io.marketbus.harness.RunningSystem;
import io.nats.client.Connection;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operations console in a real browser. The system runs as processes of the launcher jar
 * ({@link RunningSystem}), the console as one more ({@code marketbus console}); the demo scenario
 * places its orders through the API ({@code marketbus demo}); a malformed event published with a
 * service's identity makes a dead letter. Then {@code console-walkthrough.mjs} drives Debian's
 * Chromium headless through playwright-core: it signs in, watches live events arrive (an order it
 * places itself while the view is open), reads the orders' timelines, explains one allow and one
 * deny, replays the dead letter and reads the health page, taking a screenshot of each view into
 * {@code target/console-screenshots/} (and into {@code docs/console/} with
 * {@code -Dconsole.screenshots.docs=true}).
 */
class ConsoleBrowserIntegrationTests {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path JAR = Path.of(System.getProperty("marketbus.jar", "../../launcher/target/marketbus.jar"));
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = MODULE.resolve("target/console-screenshots");
    private static final List<String> VIEWS = List.of("sign-in", "events", "orders", "explain-allow", "explain-deny",
            "deadletters", "health");
    private static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAdministratorWatchesExplainsAndRepairsTheSystemInTheBrowser() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (as root: apt-get install -y chromium; .ci/run does it)").exists();
        installPlaywright();
        try (RunningSystem system = RunningSystem.start()) {
            int consolePort = freePort();
            Process console = startConsole(system, consolePort);
            try {
                String consoleUrl = "http://127.0.0.1:" + consolePort;
                await("console up").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> console.isAlive() && up(consoleUrl + "/actuator/health"));

                List<String> demoOrders = runDemo(system, consolePort);
                assertThat(demoOrders).as("the demo's four orders, each with its console link").hasSize(4);

                Api api = new Api(system);
                String seller = api.signUpAndLogIn("Console Seller", "seller");
                api.awaitSignUpGrant(seller, "post", "merchants");
                String merchant = api.post("inventorysvc", "/v1/inventorysvc/merchants", Map.of("name", "Console Traders"), seller)
                        .text("id");
                String product = api.post("inventorysvc", "/v1/inventorysvc/merchants/" + merchant + "/products",
                        Map.of("name", "Lamp", "description", "A lamp", "price", "3.00", "quantity", 5), seller).text("id");
                String customer = api.signUpAndLogIn("Console Customer", "customer");
                api.awaitSignUpGrant(customer, "post", "orders");

                long deadLetter = injectDeadLetter(system);

                Map<String, String> env = new HashMap<>();
                env.put("CONSOLE_URL", consoleUrl);
                env.put("ADMIN_EMAIL", RunningSystem.ADMIN_EMAIL);
                env.put("ADMIN_PASSWORD", RunningSystem.ADMIN_PASSWORD);
                env.put("ORDERSVC_URL", system.url("ordersvc"));
                env.put("CUSTOMER_TOKEN", customer);
                env.put("CUSTOMER_ID", Long.toString(Api.accountOf(customer)));
                env.put("SELLER_ID", Long.toString(Api.accountOf(seller)));
                env.put("PRODUCT_ID", product);
                env.put("DEMO_ORDERS", String.join(",", demoOrders));
                env.put("DEAD_LETTER", Long.toString(deadLetter));
                env.put("SCREENSHOTS", SCREENSHOTS.toString());
                Path log = MODULE.resolve("target/console-walkthrough.log");
                int exit = run(List.of("node", "console-walkthrough.mjs"), env, log, Duration.ofMinutes(4));
                assertThat(exit).as("the browser walkthrough; see " + log + "\n" + Files.readString(log)).isZero();

                for (String view : VIEWS) {
                    Path shot = SCREENSHOTS.resolve(view + ".png");
                    assertThat(shot).as(view).exists();
                    assertThat(Files.size(shot)).as(view + " is a real page, not a blank one").isGreaterThan(10_000);
                }
                // The replay, seen from the bus rather than the page: the letter left the dead letters,
                // and its event went back on its subject (malformed still, so dead again, under a new sequence).
                List<DeadLetter> letters = new BusAdministration(system.nats().connection(), system.nats().namespace())
                        .deadLetters().list();
                assertThat(letters).noneMatch(l -> l.sequence() == deadLetter);
                assertThat(letters).anyMatch(l -> l.sequence() > deadLetter && l.originalSubject().endsWith("ordersvc.event-order-created"));
                if (Boolean.getBoolean("console.screenshots.docs")) {
                    Path docs = MODULE.resolve("../../docs/console").normalize();
                    Files.createDirectories(docs);
                    for (String view : VIEWS) {
                        Files.copy(SCREENSHOTS.resolve(view + ".png"), docs.resolve(view + ".png"), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } finally {
                console.destroy();
                if (!console.waitFor(10, TimeUnit.SECONDS)) {
                    console.destroyForcibly();
                }
            }
        }
    }

    /** {@code npm ci} from the committed lock file, once per checkout. */
    private static void installPlaywright() throws Exception {
        if (Files.isDirectory(MODULE.resolve("node_modules/playwright-core"))) {
            return;
        }
        int exit = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), MODULE.resolve("target/npm-ci.log"),
                Duration.ofMinutes(3));
        assertThat(exit).as("npm ci in " + MODULE).isZero();
    }

    private static Process startConsole(RunningSystem system, int port) throws IOException {
        List<String> command = new ArrayList<>(java("console", "--port=" + port));
        command.add("--marketbus.console.authn-url=" + system.url("authnsvc"));
        command.add("--marketbus.console.authz-url=" + system.url("authzsvc"));
        for (ServiceName service : ServiceName.values()) {
            command.add("--marketbus.console.instances." + service.busName() + "="
                    + String.join(",", system.instances(service.busName()).stream().map(p -> p.baseUrl()).toList()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(system.logs().resolve("console.log").toFile()));
        builder.environment().putAll(busEnvironment(system));
        return builder.start();
    }

    /** {@code marketbus demo} against the system: every saga path; returns the orders whose console links it printed. */
    private static List<String> runDemo(RunningSystem system, int consolePort) throws Exception {
        Map<String, String> env = busEnvironment(system);
        for (ServiceName service : ServiceName.values()) {
            env.put("MARKETBUS_PORTS_" + service.busName().toUpperCase(java.util.Locale.ROOT),
                    Integer.toString(system.first(service.busName()).port()));
        }
        env.put("MARKETBUS_PORTS_CONSOLE", Integer.toString(consolePort));
        Path log = system.logs().resolve("demo.log");
        int exit = run(java("demo"), env, log, Duration.ofMinutes(3));
        String out = Files.readString(log);
        assertThat(exit).as("marketbus demo:\n" + out).isZero();
        Matcher links = Pattern.compile("console http://127\\.0\\.0\\.1:" + consolePort + "/orders\\.html\\?id=([0-9a-f-]{36})")
                .matcher(out);
        List<String> orders = new ArrayList<>();
        while (links.find()) {
            orders.add(links.group(1));
        }
        return orders;
    }

    /** Publishes a malformed event with ordersvc's own identity; inventorysvc dead-letters it. */
    private static long injectDeadLetter(RunningSystem system) throws Exception {
        BusAdministration admin = new BusAdministration(system.nats().connection(), system.nats().namespace());
        try (Connection ordersvc = system.nats().connectAs(ServiceName.ORDER, "console-test-poison")) {
            ordersvc.publish(system.nats().namespace().subject("ordersvc.event-order-created"),
                    "{\"this is\": \"not a CloudEvent\"".getBytes(StandardCharsets.UTF_8));
            ordersvc.flush(Duration.ofSeconds(5));
        }
        await("a dead letter").atMost(Duration.ofSeconds(60)).until(() -> !admin.deadLetters().list().isEmpty());
        return admin.deadLetters().list().getFirst().sequence();
    }

    private static Map<String, String> busEnvironment(RunningSystem system) {
        Map<String, String> env = new HashMap<>();
        env.put("NATS_URL", system.natsUrl());
        env.put("MARKETBUS_NAMESPACE", system.nats().namespace().prefix());
        system.nats().credentials().ifPresent(folder -> env.put("MARKETBUS_NATS_CREDENTIALS", folder.toString()));
        return env;
    }

    private static List<String> java(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx384m",
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static int run(List<String> command, Map<String, String> env, Path log, Duration patience) throws Exception {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(patience.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took longer than " + patience + "; see " + log);
        }
        return process.exitValue();
    }

    private static boolean up(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("UP");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
