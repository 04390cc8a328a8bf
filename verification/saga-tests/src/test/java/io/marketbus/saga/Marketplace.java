package io.marketbus.saga;

import static org.awaitility.Awaitility.await;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.AccountCreated;
import io.marketbus.contract.events.AccountRole;
import io.marketbus.testkit.ServiceTestEnvironment;
import io.marketbus.testkit.TcpProxy;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TestNats;
import io.marketbus.inventory.InventoryService;
import io.marketbus.orders.OrdersService;
import io.marketbus.payments.PaymentsService;
import io.marketbus.policies.PoliciesService;
import io.marketbus.testkit.TestTokens;
import io.nats.client.api.PublishAck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/**
 * authzsvc, ordersvc, inventorysvc and paymentsvc as four Spring applications in this JVM, each with
 * its own PostgreSQL schema, on one fresh NATS namespace, with tokens from {@link TestTokens}. Started
 * once for all test classes (they run in one Failsafe JVM) and stopped when the JVM ends. The
 * authentication service is not part of it: the tests announce accounts with event-account-created.
 */
final class Marketplace {

    private static Marketplace instance;

    final TestNats nats;
    /** Every service reaches PostgreSQL through it, so a test can take the database away; fixtures go direct. */
    final TcpProxy database;
    final TestTokens tokens;
    final TestDatabase authzDb;
    final TestDatabase ordersDb;
    final TestDatabase inventoryDb;
    final TestDatabase paymentsDb;
    final JdbcClient authz;
    final JdbcClient orders;
    final JdbcClient inventory;
    final JdbcClient payments;
    private final List<ConfigurableApplicationContext> applications = new ArrayList<>();
    /** The running application of each saga service; a test may stop one and start it again. */
    private final java.util.Map<ServiceName, ConfigurableApplicationContext> running =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<ServiceName, List<String>> settings;
    private List<String> client;
    private final EventCodec codec = new EventCodec(EventCatalogue.load());
    private final AtomicLong accounts = new AtomicLong(1000);
    final int authzPort;
    volatile int ordersPort;
    volatile int inventoryPort;
    volatile int paymentsPort;

    static synchronized Marketplace get() {
        if (instance == null) {
            try {
                instance = new Marketplace();
            } catch (Exception e) {
                throw new IllegalStateException("The marketplace did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return instance;
    }

    /**
     * A marketplace of its own, for a test class that changes settings (short deadlines) or stops
     * services: it has its own namespace and schemas; the caller closes it.
     *
     * @param settings extra properties per service (authzsvc's included)
     */
    static Marketplace dedicated(java.util.Map<ServiceName, List<String>> settings) throws Exception {
        return new Marketplace(settings);
    }

    private Marketplace() throws Exception {
        this(java.util.Map.of());
    }

    private Marketplace(java.util.Map<ServiceName, List<String>> settings) throws Exception {
        this.settings = settings;
        nats = TestNats.start();
        tokens = TestTokens.start();
        authzDb = TestDatabase.create("authzsvc");
        ordersDb = TestDatabase.create("ordersvc");
        inventoryDb = TestDatabase.create("inventorysvc");
        paymentsDb = TestDatabase.create("paymentsvc");
        java.util.regex.Matcher server = java.util.regex.Pattern.compile("//([^/:]+):(\\d+)/").matcher(TestDatabase.URL);
        if (!server.find()) {
            throw new IllegalStateException("The saga tests need PostgreSQL on TCP, not " + TestDatabase.URL);
        }
        database = TcpProxy.to(server.group(1), Integer.parseInt(server.group(2)));
        authz = JdbcClient.create(authzDb.dataSource());
        orders = JdbcClient.create(ordersDb.dataSource());
        inventory = JdbcClient.create(inventoryDb.dataSource());
        payments = JdbcClient.create(paymentsDb.dataSource());

        authzPort = port(start(new PoliciesService().application(), authzDb, settings.getOrDefault(ServiceName.AUTHZ, List.of())));
        client = List.of(
                "marketbus.security.client-secret=test-secret",
                "marketbus.authz.url=http://127.0.0.1:" + authzPort);
        // The three saga services start side by side; each provisions its own consumers.
        CompletableFuture<Void> o = CompletableFuture.runAsync(() -> start(ServiceName.ORDER));
        CompletableFuture<Void> i = CompletableFuture.runAsync(() -> start(ServiceName.INVENTORY));
        CompletableFuture<Void> p = CompletableFuture.runAsync(() -> start(ServiceName.PAYMENT));
        CompletableFuture.allOf(o, i, p).join();
    }

    /** Starts a saga service (again, on the same schema and durable consumers: it resumes where the last one stopped). */
    void start(ServiceName service) {
        List<String> extra = new ArrayList<>(client);
        extra.addAll(settings.getOrDefault(service, List.of()));
        ConfigurableApplicationContext context = switch (service) {
            case ORDER -> start(new OrdersService().application(), ordersDb, extra);
            case INVENTORY -> start(new InventoryService().application(), inventoryDb, extra);
            case PAYMENT -> start(new PaymentsService().application(), paymentsDb, extra);
            default -> throw new IllegalArgumentException(service + " is no saga service here");
        };
        running.put(service, context);
        switch (service) {
            case ORDER -> ordersPort = port(context);
            case INVENTORY -> inventoryPort = port(context);
            default -> paymentsPort = port(context);
        }
    }

    /** Starts the service unless it runs. */
    void ensureRunning(ServiceName service) {
        if (!running.containsKey(service)) {
            start(service);
        }
    }

    /** Stops a saga service: its events wait in their streams until it is started again. */
    void stop(ServiceName service) {
        ConfigurableApplicationContext context = running.remove(service);
        if (context != null) {
            context.close();
        }
    }

    /** Closes a dedicated marketplace. */
    void shutdown() {
        close();
    }

    private synchronized ConfigurableApplicationContext register(ConfigurableApplicationContext context) {
        applications.add(context);
        return context;
    }

    private ConfigurableApplicationContext start(SpringApplicationBuilder builder, TestDatabase db, List<String> extra) {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                // Four applications and the fixtures share one PostgreSQL with other test runs.
                "spring.datasource.hikari.maximum-pool-size=5",
                "spring.datasource.hikari.minimum-idle=1",
                // Fails fast enough that the old code would dead-letter within the cut (see below), slow
                // enough that 100 concurrent orders on pools of 5 wait their turn instead of failing.
                "spring.datasource.hikari.connection-timeout=3000",
                // Ten deliveries last about 45 s, not 83 s: the 60 s database cut of
                // DatabaseCutIntegrationTests would dead-letter events, were outages poison.
                "marketbus.consumers.backoff=PT0.1S,PT0.5S,PT1S,PT2S",
                "logging.level.io.marketbus=INFO"));
        ServiceTestEnvironment.pointingAt(nats, db, tokens).forEach((key, value) -> properties.add(key + "="
                + (key.equals("spring.datasource.url") ? throughProxy(value) : value)));
        properties.addAll(extra);
        // As arguments: they must win over the service's own <service>.properties (its fixed port, for one).
        return register(builder.run(properties.stream().map(p -> "--" + p).toArray(String[]::new)));
    }

    private String throughProxy(String jdbcUrl) {
        return jdbcUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + database.port() + "/");
    }

    /** The dead letters of this marketplace, as the operator sees them. */
    int deadLetters() {
        try {
            return new io.marketbus.eventbus.BusAdministration(nats.connection(), nats.namespace()).deadLetters()
                    .list().size();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the dead letters", e);
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    // --- accounts (authnsvc is not here: its event is published by hand) ---------------------------

    long newAccountId() {
        return accounts.incrementAndGet();
    }

    void announce(long account, AccountRole role) {
        try {
            CloudEvent<AccountCreated> event = CloudEvent.of(ServiceName.AUTHN, Long.toString(account), null, null,
                    new AccountCreated(account, role));
            PublishAck ack = nats.connection().jetStream().publish(
                    nats.namespace().subject("authnsvc.event-account-created"), codec.encode(event));
            if (ack.hasError()) {
                throw new IllegalStateException(ack.getError());
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish event-account-created", e);
        }
    }

    /** Publishes an event as {@code sender} would, at the time given (a backlog's old events). */
    void publish(ServiceName sender, java.time.Instant time, io.marketbus.contract.events.EventPayload data) {
        try {
            CloudEvent<io.marketbus.contract.events.EventPayload> event = new CloudEvent<>(java.util.UUID.randomUUID(),
                    CloudEvent.sourceOf(sender), null, time, null, null, data);
            PublishAck ack = nats.connection().jetStream().publish(
                    nats.namespace().subject(sender.busName() + "." + data.eventName()), codec.encode(event));
            if (ack.hasError()) {
                throw new IllegalStateException(ack.getError());
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish " + data.eventName(), e);
        }
    }

    /** A customer whose wallet is open and whose grants (orders, products, transactions) are stored. */
    long customer() {
        long id = newAccountId();
        announce(id, AccountRole.CUSTOMER);
        await().atMost(Duration.ofSeconds(30)).until(() -> policies(id) >= 3 && wallet(id) != null);
        return id;
    }

    /** A seller allowed to open merchants. */
    long seller() {
        long id = newAccountId();
        announce(id, AccountRole.SELLER);
        await().atMost(Duration.ofSeconds(30)).until(() -> policies(id) >= 1);
        return id;
    }

    long policies(long subject) {
        return authz.sql("select count(*) from policies where subject = ?").param(Long.toString(subject))
                .query(Long.class).single();
    }

    java.math.BigDecimal wallet(long account) {
        return payments.sql("select balance from wallets where account_id = ?").param(account)
                .query(java.math.BigDecimal.class).optional().orElse(null);
    }

    /** Waits until a durable consumer has acknowledged everything on its stream (no retry left pending). */
    void awaitConsumed(String stream, String durable) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var info = nats.connection().jetStreamManagement().getConsumerInfo(nats.namespace().stream(stream), durable);
            return info.getNumAckPending() == 0 && info.getNumPending() == 0;
        });
    }

    // --- HTTP ----------------------------------------------------------------------------------

    RestClient orders(long account) {
        return client(ordersPort, Long.toString(account), "customer");
    }

    RestClient inventory(long account, String role) {
        return client(inventoryPort, Long.toString(account), role);
    }

    RestClient ordersAdmin() {
        return client(ordersPort, "1", "admin");
    }

    RestClient payments(long account) {
        return client(paymentsPort, Long.toString(account), "customer");
    }

    RestClient client(int port, String subject, String role) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer " + tokens.token(subject, role))
                .defaultStatusHandler(s -> true, (req, res) -> { })
                .build();
    }

    RestClient anonymous(int port) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(s -> true, (req, res) -> { }).build();
    }

    private synchronized void close() {
        for (int k = applications.size() - 1; k >= 0; k--) {
            try {
                applications.get(k).close();
            } catch (RuntimeException e) {
                // best effort at JVM exit
            }
        }
        for (AutoCloseable resource : List.<AutoCloseable>of(database, tokens, nats, authzDb, ordersDb, inventoryDb, paymentsDb)) {
            try {
                resource.close();
            } catch (Exception e) {
                // best effort at JVM exit
            }
        }
    }
}
