package io.marketbus.harness.reliability;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.eventbus.DeadLetter;
import io.marketbus.harness.Api;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code ./marketbus reliability [crash|duplicates|poison|fuzz|all] [--orders=N] [--kills=K] [--seed=S] [--quick]}:
 * the whole system as separate processes, abused in one of four ways, then checked; prints what it
 * did and the counts, and exits 1 when an invariant fails.
 * <ul>
 *   <li>{@code crash}: N orders (default 2000) while service processes are SIGKILLed and restarted
 *       (K times, default 6) and the nats-server is SIGKILLed and restarted once;</li>
 *   <li>{@code duplicates}: every event published twice (N orders, default 300);</li>
 *   <li>{@code poison}: malformed, unknown and schema-invalid events on every shared subject;</li>
 *   <li>{@code fuzz}: every HTTP endpoint of the five services with invalid input ({@code --quick}: a subset).</li>
 * </ul>
 * The Failsafe tests in {@code system-tests} run the same modes, smaller.
 */
public final class ReliabilityHarness {

    /** How a mode is run. */
    public record Settings(int orders, int kills, long seed, boolean quick, Duration settle, int workers, long paceMillis) {
        public Settings(int orders, int kills, long seed, boolean quick, Duration settle) {
            this(orders, kills, seed, quick, settle, 6, 0);
        }
    }

    private final PrintStream out;

    public ReliabilityHarness(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        String mode = "all";
        Integer orders = null;
        int kills = 6;
        long seed = 20261128L;
        boolean quick = false;
        for (String arg : args) {
            if (arg.startsWith("--orders=")) {
                orders = Integer.parseInt(arg.substring("--orders=".length()));
            } else if (arg.startsWith("--kills=")) {
                kills = Integer.parseInt(arg.substring("--kills=".length()));
            } else if (arg.startsWith("--seed=")) {
                seed = Long.parseLong(arg.substring("--seed=".length()));
            } else if (arg.equals("--quick")) {
                quick = true;
            } else if (List.of("crash", "duplicates", "poison", "fuzz", "scale", "cluster", "all").contains(arg)) {
                mode = arg;
            } else {
                System.err.println("usage: reliability [crash|duplicates|poison|fuzz|scale|cluster|all] [--orders=N] [--kills=K] [--seed=S] [--quick]");
                System.exit(2);
            }
        }
        ReliabilityHarness harness = new ReliabilityHarness(System.out);
        List<Figures> results = new ArrayList<>();
        int crashOrders = orders == null ? 2000 : orders;
        int duplicateOrders = orders == null ? 300 : mode.equals("all") ? Math.max(30, orders / 5) : orders;
        try {
            if (mode.equals("crash") || mode.equals("all")) {
                results.add(harness.crash(new Settings(crashOrders, kills, seed, quick, Duration.ofMinutes(6))));
            }
            if (mode.equals("duplicates") || mode.equals("all")) {
                results.add(harness.duplicates(new Settings(duplicateOrders, 0, seed, quick, Duration.ofMinutes(3))));
            }
            if (mode.equals("poison") || mode.equals("all")) {
                results.add(harness.poison(new Settings(0, 0, seed, quick, Duration.ofMinutes(2))));
            }
            if (mode.equals("fuzz") || mode.equals("all")) {
                results.add(harness.fuzz(new Settings(0, 0, seed, quick, Duration.ofMinutes(2))));
            }
            if (mode.equals("cluster")) {
                results.add(harness.cluster(new Settings(orders == null ? 300 : orders, 0, seed, quick, Duration.ofMinutes(4))));
            }
            if (mode.equals("scale")) {
                results.add(harness.scale(new Settings(orders == null ? 300 : orders, 0, seed, quick, Duration.ofMinutes(3))));
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(2);
        }
        System.out.println("== reliability summary");
        results.forEach(r -> System.out.printf("   %-10s %s (%.0f s, %d violations)%n", r.mode(),
                r.passed() ? "PASSED" : "FAILED", r.seconds(), r.violations().size()));
        System.exit(results.stream().allMatch(Figures::passed) ? 0 : 1);
    }

    /** Runs one mode on a sandbox of its own, then prints its summary. */
    private Figures inSandbox(String mode, SandboxStart start, ModeRun run) throws Exception {
        Figures figures = new Figures(mode, out);
        try (Sandbox sandbox = start.start()) {
            run.run(sandbox, figures);
        }
        figures.summary();
        return figures;
    }

    @FunctionalInterface
    private interface SandboxStart {
        Sandbox start() throws Exception;
    }

    @FunctionalInterface
    private interface ModeRun {
        void run(Sandbox sandbox, Figures figures) throws Exception;
    }

    // --- crash --------------------------------------------------------------------------------------

    public Figures crash(Settings settings) throws Exception {
        return inSandbox("crash", () -> Sandbox.start(true), (sandbox, figures) -> crash(sandbox, settings, figures));
    }

    /** The crash mode on a sandbox with a nats-server of its own. */
    public void crash(Sandbox sandbox, Settings settings, Figures figures) throws Exception {
        figures.put("system up after s", Math.round(figures.seconds()));
        figures.say("NATS " + sandbox.system().natsUrl() + " (own nats-server), namespace " + sandbox.namespace()
                + ", database " + sandbox.system().databaseUrl() + ", logs " + sandbox.system().logs());
        int n = settings.orders();
        Shop shop = new Shop(sandbox.api()).open(crashProducts(n));
        int customers = Math.max(6, n / 20);
        shop.addCustomers(customers);
        figures.put("customers (wallets of 100.00)", customers);
        shop.products().forEach(p -> figures.say("product " + p.name() + " price " + p.price() + " stock " + p.stock()
                + " weight " + p.weight()));

        Load load = new Load(shop, n, settings.workers(), 0.10, 0.03, settings.seed(), Duration.ofMinutes(5))
                .paced(settings.paceMillis());
        Chaos chaos = new Chaos(sandbox, load, n, settings.kills(), true, settings.seed(), figures);
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
        report(figures, result);
        figures.put("service kills (SIGKILL)", chaos.serviceKills());
        figures.put("service restarts", chaos.serviceRestarts());
        figures.put("nats-server restarts", chaos.natsRestarts());
        figures.put("chaos", chaos.log());
        settleAndCheck(sandbox, figures, settings, new SystemChecks.ClientView(result.placed(), result.cancelsAccepted()), List.of());
    }

    /**
     * A few products with stock below demand (so orders run out of stock), one too dear for any
     * wallet (so payments fail), the rest plentiful. Wallets run dry along the way too.
     */
    static List<Shop.ProductSpec> crashProducts(int orders) {
        return List.of(
                new Shop.ProductSpec("Lamp", "1.50", Math.max(5, orders / 2), 40),   // ~0.8 units asked per order: runs out
                new Shop.ProductSpec("Mug", "3.25", orders * 3, 30),
                new Shop.ProductSpec("Rare vase", "2.00", Math.max(2, orders / 20), 20),
                new Shop.ProductSpec("Yacht", "250.00", orders * 3, 10));             // dearer than any wallet
    }

    // --- duplicates ---------------------------------------------------------------------------------

    public Figures duplicates(Settings settings) throws Exception {
        return inSandbox("duplicates", () -> Sandbox.start(false), (sandbox, figures) -> duplicates(sandbox, settings, figures));
    }

    public void duplicates(Sandbox sandbox, Settings settings, Figures figures) throws Exception {
        Map<String, Long> streamsBefore = sandbox.streamMessages();
        SystemChecks checks = new SystemChecks(sandbox);
        double duplicatesBefore = duplicatesDetected(sandbox);
        try (Duplicator duplicator = new Duplicator(sandbox.system().nats().connect("reliability-duplicator"), sandbox.namespace())) {
            int n = settings.orders();
            Shop shop = new Shop(sandbox.api()).open(crashProducts(n));
            shop.addCustomers(Math.max(4, n / 10));
            Load.Result result = new Load(shop, n, Math.min(4, settings.workers()), 0.15, 0.05, settings.seed(), Duration.ofMinutes(1)).run();
            report(figures, result);
            settleAndCheck(sandbox, figures, settings, new SystemChecks.ClientView(result.placed(), result.cancelsAccepted()), List.of());
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
            figures.violations(checks.violations(new SystemChecks.ClientView(result.placed(), result.cancelsAccepted())));
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
    static double duplicatesDetected(Sandbox sandbox) {
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

    // --- poison -------------------------------------------------------------------------------------

    public Figures poison(Settings settings) throws Exception {
        return inSandbox("poison", () -> Sandbox.start(false), (sandbox, figures) -> poison(sandbox, settings, figures));
    }

    public void poison(Sandbox sandbox, Settings settings, Figures figures) throws Exception {
        Shop shop = new Shop(sandbox.api()).open(List.of(new Shop.ProductSpec("Poison antidote", "2.00", 10, 1)));
        Shop.Customer customer = shop.addCustomers(1).getFirst();
        SystemChecks checks = new SystemChecks(sandbox);
        SystemChecks.Quiet before = checks.awaitQuiet(settings.settle());
        if (!before.quiet()) {
            figures.violation("not quiet before the poison: " + before);
        }
        List<DeadLetter> earlier = sandbox.deadLetters();
        Map<String, String> snapshot = checks.snapshot();

        List<Poison.Pill> pills = Poison.pills(EventCatalogue.load());
        int due = Poison.publish(sandbox.system().nats().connection().jetStream(), sandbox.namespace(), pills);
        figures.put("poison messages published", pills.size());
        figures.put("subjects poisoned", pills.stream().map(Poison.Pill::subject).distinct().toList());
        figures.put("dead letters due (one per receiving service)", due);
        List<DeadLetter>[] letters = new List[1];
        try {
            Awaitility.await("dead letters").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> (letters[0] = newer(sandbox.deadLetters(), earlier)).size() >= due);
        } catch (ConditionTimeoutException e) {
            figures.violation("only " + (letters[0] == null ? 0 : letters[0].size()) + " of " + due + " dead letters in 60 s");
        }
        letters[0] = newer(sandbox.deadLetters(), earlier);
        figures.put("dead letters", letters[0].size());
        Map<String, Long> byKind = new TreeMap<>();
        letters[0].forEach(d -> byKind.merge(d.service() + " " + d.kind(), 1L, Long::sum));
        figures.put("dead letters by service and kind", byKind);
        figures.put("max deliveries of a dead letter", letters[0].stream().mapToLong(DeadLetter::deliveries).max().orElse(0));
        figures.violations(Poison.check(pills, letters[0]));
        List<String> changed = SystemChecks.differences(snapshot, checks.snapshot());
        if (!changed.isEmpty()) {
            figures.violation("the poison changed business state: " + changed);
        }

        // Afterwards a normal order still goes through.
        String productId = shop.products().getFirst().id();
        Api.Reply placed = shop.reply(customer, t -> sandbox.api().post("ordersvc", "/v1/ordersvc/orders",
                Map.of("product_id", productId, "quantity", 1), t), Duration.ofSeconds(30));
        if (placed.status() != 201) {
            figures.violation("order after the poison refused: " + placed);
        } else {
            String status = awaitTerminal(sandbox, shop, customer, placed.text("id"));
            figures.put("order placed after the poison ended", status);
            if (!"paid".equals(status)) {
                figures.violation("the order after the poison ended " + status + ", not paid");
            }
        }
        settleAndCheck(sandbox, figures, settings, placed.status() == 201
                ? new SystemChecks.ClientView(List.of(UUID.fromString(placed.text("id"))), List.of()) : SystemChecks.ClientView.NONE,
                earlier.stream().map(DeadLetter::sequence).toList(), pills);
    }

    private static List<DeadLetter> newer(List<DeadLetter> all, List<DeadLetter> earlier) {
        List<Long> seen = earlier.stream().map(DeadLetter::sequence).toList();
        return all.stream().filter(d -> !seen.contains(d.sequence())).toList();
    }

    static String awaitTerminal(Sandbox sandbox, Shop shop, Shop.Customer customer, String orderId) {
        String[] status = new String[1];
        try {
            Awaitility.await("order " + orderId).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                status[0] = shop.call(customer, t -> sandbox.api().get("ordersvc", "/v1/ordersvc/orders/" + orderId, t)).text("status");
                return SystemChecks.TERMINAL.contains(status[0]);
            });
        } catch (ConditionTimeoutException e) {
            return "still " + status[0] + " after 60 s";
        }
        return status[0];
    }

    // --- fuzz ---------------------------------------------------------------------------------------

    public Figures fuzz(Settings settings) throws Exception {
        return inSandbox("fuzz", () -> Sandbox.start(false), (sandbox, figures) -> fuzz(sandbox, settings, figures));
    }

    public void fuzz(Sandbox sandbox, Settings settings, Figures figures) throws Exception {
        Shop shop = new Shop(sandbox.api()).open(List.of(new Shop.ProductSpec("Fuzz target", "4.00", 10, 1)));
        shop.addCustomers(1);
        SystemChecks checks = new SystemChecks(sandbox);
        SystemChecks.Quiet before = checks.awaitQuiet(settings.settle());
        if (!before.quiet()) {
            figures.violation("not quiet before the fuzz: " + before);
        }
        List<Long> earlier = sandbox.deadLetters().stream().map(DeadLetter::sequence).toList();
        new Fuzz(sandbox, checks, shop, figures).run(!settings.quick());
        settleAndCheck(sandbox, figures, settings, SystemChecks.ClientView.NONE, earlier);
    }

    // --- scale ---------------------------------------------------------------------------------------

    public Figures scale(Settings settings) throws Exception {
        // Ten processes share one PostgreSQL (max_connections 100 here): smaller pools.
        return inSandbox("scale", () -> Sandbox.start(false, Map.of("SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE", "4")),
                (sandbox, figures) -> scale(sandbox, settings, figures));
    }

    public void scale(Sandbox sandbox, Settings settings, Figures figures) throws Exception {
        ScaleOut.secondInstances(sandbox);
        figures.put("instances", sandbox.system().processes().size());
        int n = settings.orders();
        Shop shop = new Shop(sandbox.api()).open(crashProducts(n));
        shop.addCustomers(Math.max(4, n / 10));
        Load.Result result = new Load(shop, n, 4, 0.10, 0.03, settings.seed(), Duration.ofMinutes(1)).run();
        report(figures, result);
        settleAndCheck(sandbox, figures, settings, new SystemChecks.ClientView(result.placed(), result.cancelsAccepted()), List.of());
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

    // --- cluster -------------------------------------------------------------------------------------

    public Figures cluster(Settings settings) throws Exception {
        Figures figures = new Figures("cluster", out);
        NatsCluster cluster = NatsCluster.start();
        figures.say("three-node JetStream cluster up: " + cluster.url());
        try (Sandbox sandbox = Sandbox.onCluster(cluster.url(), Map.of("MARKETBUS_STREAMS_REPLICAS", "3"), cluster)) {
            cluster(sandbox, cluster, settings, figures);
        }
        figures.summary();
        return figures;
    }

    void cluster(Sandbox sandbox, NatsCluster cluster, Settings settings, Figures figures) throws Exception {
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
        Shop shop = new Shop(sandbox.api()).open(crashProducts(n));
        shop.addCustomers(Math.max(4, n / 10));
        Load load = new Load(shop, n, 4, 0.10, 0.03, settings.seed(), Duration.ofMinutes(3)).paced(settings.paceMillis());
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
        report(figures, result);
        settleAndCheck(sandbox, figures, settings, new SystemChecks.ClientView(result.placed(), result.cancelsAccepted()), List.of());
        Map<String, Long> messages = sandbox.streamMessages();
        figures.put("messages per stream", messages);
    }

    // --- shared -------------------------------------------------------------------------------------

    private static void report(Figures figures, Load.Result result) {
        figures.put("orders attempted", result.attempted());
        figures.put("orders acknowledged (201)", result.placed().size());
        figures.put("orders given up by the client", result.ordersGivenUp());
        figures.put("cancels accepted / refused (409) / given up", result.cancelsAccepted().size() + " / "
                + result.cancelsRefused() + " / " + result.cancelsGivenUp());
        figures.put("recharges", result.recharges());
        figures.put("client retries (403 while grants travel, 5xx, service down)", result.retries());
        figures.put("load seconds", Math.round(result.seconds()));
        figures.put("orders per second", Math.round(result.placed().size() / Math.max(result.seconds(), 0.001) * 10) / 10.0);
    }

    /**
     * Awaits quiescence, then checks every invariant and the dead letters: any dead letter that is not
     * in {@code expected} (sequences seen earlier) or a poison pill is a violation.
     */
    private static void settleAndCheck(Sandbox sandbox, Figures figures, Settings settings, SystemChecks.ClientView client,
                                       List<Long> expected) {
        settleAndCheck(sandbox, figures, settings, client, expected, List.of());
    }

    private static void settleAndCheck(Sandbox sandbox, Figures figures, Settings settings, SystemChecks.ClientView client,
                                       List<Long> expected, List<Poison.Pill> pills) {
        SystemChecks checks = new SystemChecks(sandbox);
        long start = System.nanoTime();
        SystemChecks.Quiet quiet = checks.awaitQuiet(settings.settle());
        figures.put("quiet after s", Math.round((System.nanoTime() - start) / 1e9));
        if (!quiet.quiet()) {
            figures.violation("not quiet after " + settings.settle() + ": " + quiet);
        }
        figures.put("orders in ordersvc (a retry after a lost answer may add one)", sandbox.count("select count(*) from ordersvc.orders"));
        figures.put("orders by status", checks.ordersByStatus());
        figures.put("stock (product: stocked / available / sold)", sandbox.strings("""
                select p.name || ': ' || p.stocked || ' / ' || p.available || ' / '
                       || coalesce((select sum(quantity) from inventorysvc.reservations r where r.product_id = p.id and r.state = 'sold'), 0)
                from inventorysvc.products p order by p.name"""));
        figures.put("money (wallets, opening + recharges - debits + refunds = balance)", sandbox.strings("""
                select count(*) || ' wallets: ' || coalesce(sum(opening_balance), 0) || ' + '
                       || (select coalesce(sum(amount), 0) from paymentsvc.transactions where kind = 'recharge') || ' - '
                       || (select coalesce(sum(amount), 0) from paymentsvc.transactions where kind = 'debit') || ' + '
                       || (select coalesce(sum(amount), 0) from paymentsvc.transactions where kind = 'refund') || ' = '
                       || coalesce(sum(balance), 0) from paymentsvc.wallets""").getFirst());
        List<Sandbox.ConsumerState> consumers = sandbox.consumers();
        figures.put("durable consumers (all pending 0, ack pending 0 when quiet)", consumers.stream().filter(Sandbox.ConsumerState::durable).count());
        figures.put("messages awaiting redelivery now (num_redelivered)", consumers.stream().mapToLong(Sandbox.ConsumerState::redelivered).sum());
        List<DeadLetter> letters = sandbox.deadLetters();
        figures.put("dead letters", letters.size());
        List<Long> poisonSequences = new ArrayList<>();
        if (!pills.isEmpty()) {
            letters.forEach(d -> pills.stream().filter(p -> p.subject().equals(d.originalSubject())
                    && java.util.Arrays.equals(p.body(), d.body())).findAny().ifPresent(p -> poisonSequences.add(d.sequence())));
        }
        for (DeadLetter letter : letters) {
            if (!expected.contains(letter.sequence()) && !poisonSequences.contains(letter.sequence())) {
                figures.violation("dead letter: " + Poison.describe(letter));
            }
        }
        letters.stream().filter(d -> !poisonSequences.contains(d.sequence())).limit(20)
                .forEach(d -> figures.say("dead letter " + Poison.describe(d)));
        figures.violations(checks.violations(client));
        figures.put("invariants", figures.passed() ? "hold" : "VIOLATED");
    }
}
