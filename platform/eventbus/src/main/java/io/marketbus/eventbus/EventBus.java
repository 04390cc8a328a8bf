package io.marketbus.eventbus;

import io.marketbus.contract.ContractViolation;
import io.marketbus.contract.Delivery;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.EventDefinition;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.eventbus.internal.BroadcastConsumer;
import io.marketbus.eventbus.internal.BusMetrics;
import io.marketbus.eventbus.internal.BusObservations;
import io.marketbus.eventbus.internal.BusProvisioner;
import io.marketbus.eventbus.internal.ConsumerRuntime;
import io.marketbus.eventbus.internal.DeadLetterStream;
import io.marketbus.eventbus.internal.Inbox;
import io.marketbus.eventbus.internal.JdbcOutbox;
import io.marketbus.eventbus.internal.OutboxRelay;
import io.marketbus.eventbus.internal.PendingAgeWatch;
import io.marketbus.eventbus.internal.RuntimeSchema;
import io.marketbus.eventbus.internal.SharedConsumer;
import io.marketbus.eventbus.internal.Subscription;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event runtime of one service instance: its outbox and relay, its handlers behind durable
 * consumers and an inbox, its per-instance listeners, and the dead letters. Register handlers, then
 * {@link #start()}; what a service sends and receives must match its operations in the contract.
 *
 * <pre>{@code
 * EventBus bus = EventBus.builder(settings, nats, dataSource).build();
 * bus.on(OrderCreated.class, event -> reserve(event.data()));
 * bus.start();
 * transactions.execute(s -> { saveOrder(); bus.outbox().append(orderId, new OrderCreated(...)); });
 * }</pre>
 */
public final class EventBus implements AutoCloseable {

    /** Real services handle every receive operation of theirs; see {@link Builder#wholeContract}. */
    public static final boolean DEFAULT_WHOLE_CONTRACT = true;

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final BusSettings settings;
    private final EventCodec codec;
    private final boolean wholeContract;
    private final Connection serviceConnection;
    private final Connection provisioning;
    private final JetStreamManagement management;
    private final OutboxRelay relay;
    private final RetentionHorizons horizons;
    private final BusMetrics metrics;
    private final JdbcOutbox outbox;
    private final DeadLetterStream deadLetters;
    private final ConsumerRuntime consumers;
    private final Map<String, Registration<?>> handlers = new LinkedHashMap<>();
    private final Map<String, Registration<?>> broadcastHandlers = new LinkedHashMap<>();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<BroadcastConsumer<?>> broadcasts = new ArrayList<>();
    private boolean started;

    private EventBus(Builder b) throws IOException {
        this.settings = b.settings;
        this.codec = b.codec != null ? b.codec : new EventCodec(EventCatalogue.load());
        this.wholeContract = b.wholeContract;
        this.serviceConnection = b.connection;
        this.provisioning = b.provisioning;
        DataSource dataSource = b.dataSource;
        PlatformTransactionManager txManager =
                b.transactionManager != null ? b.transactionManager : new DataSourceTransactionManager(dataSource);
        TransactionTemplate tx = new TransactionTemplate(txManager);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        BusMetrics metrics = new BusMetrics(b.meterRegistry != null ? b.meterRegistry : new SimpleMeterRegistry(),
                settings.service().busName());
        JetStream jetStream = b.connection.jetStream();
        this.management = b.connection.jetStreamManagement();
        this.horizons = RetentionHorizons.of(settings.streams());
        this.metrics = metrics;
        BusObservations observations = new BusObservations(
                b.observationRegistry != null ? b.observationRegistry : ObservationRegistry.NOOP, settings.service().busName());
        this.relay = new OutboxRelay(jdbc, tx, jetStream, settings.namespace(), settings.relay(), horizons, metrics,
                observations);
        this.outbox = new JdbcOutbox(jdbc, codec, settings.service(), relay::wakeUp, observations);
        this.deadLetters = new DeadLetterStream(jetStream, management, settings.namespace(), horizons);
        this.consumers = new ConsumerRuntime(settings, b.connection, jetStream, tx,
                new Inbox(jdbc, new JdbcTemplate(dataSource)), codec, deadLetters, metrics, observations);
        // The outbox must exist before the first transaction appends to it, not only once consumers run.
        RuntimeSchema.migrate(dataSource);
    }

    public static Builder builder(BusSettings settings, Connection connection, DataSource dataSource) {
        return new Builder(settings, connection, dataSource);
    }

    /** Handle an event once per service (a durable consumer shared by all instances, with an inbox). */
    public synchronized <T extends EventPayload> EventBus on(Class<T> type, EventHandler<T> handler) {
        return onReceipt(type, (event, receipt) -> handler.handle(event));
    }

    /** Like {@link #on}, for a handler that needs the subject and stream sequence the event arrived with. */
    public synchronized <T extends EventPayload> EventBus onReceipt(Class<T> type, ReceiptHandler<T> handler) {
        register(type, Delivery.SHARED, handlers, new Registration<>(type, handler, null));
        return this;
    }

    /** Handle an event in every instance (an ordered consumer of this instance's own). */
    public synchronized <T extends EventPayload> EventBus onEveryInstance(Class<T> type, BroadcastHandler<T> handler) {
        register(type, Delivery.PER_INSTANCE, broadcastHandlers, new Registration<>(type, null, handler));
        return this;
    }

    public Outbox outbox() {
        return outbox;
    }

    public BusSettings settings() {
        return settings;
    }

    public EventCodec codec() {
        return codec;
    }

    /** Runs one relay round now (tools and tests); normally the relay's own thread does this. */
    public int relayNow() {
        return relay.relayOnce();
    }

    /**
     * Provisions streams and consumers, then starts the relay and the consumers. (The runtime's tables
     * are migrated when the bus is built.)
     *
     * @throws ContractViolation when the registered handlers do not match the service's receive operations
     */
    public synchronized void start() throws IOException, JetStreamApiException, InterruptedException {
        if (started) {
            return;
        }
        ServiceName service = settings.service();
        if (wholeContract) {
            requireHandlersForEveryReceiveOperation(service);
        }
        if (provisioning != null) {
            JetStreamManagement management = provisioning == serviceConnection ? this.management : provisioning.jetStreamManagement();
            BusProvisioner provisioner = new BusProvisioner(management, codec.catalogue(), settings.namespace(),
                    settings.streams(), settings.consumers());
            provisioner.provisionStreams();
            provisioner.provisionConsumers(service, wholeContract ? null : Set.copyOf(handlers.keySet()));
        }

        relay.start(service.busName());
        running.add(relay);
        PendingAgeWatch watch = new PendingAgeWatch(this::watchingManagement, durables(), horizons, metrics);
        watch.start(service.busName());
        running.add(watch);
        for (Registration<?> registration : handlers.values()) {
            startShared(registration);
        }
        for (Registration<?> registration : broadcastHandlers.values()) {
            startBroadcast(registration);
        }
        started = true;
        log.info("Event bus of {} started: {} shared handlers, {} per-instance handlers, namespace '{}'",
                service, handlers.size(), broadcastHandlers.size(), settings.namespace().prefix());
    }

    /** How long the bus may bring an event back, from this instance's stream settings. */
    public RetentionHorizons horizons() {
        return horizons;
    }

    /** The durable consumers this instance pulls from. */
    private List<PendingAgeWatch.Durable> durables() {
        List<PendingAgeWatch.Durable> durables = new ArrayList<>();
        for (String name : handlers.keySet()) {
            EventDefinition event = codec.catalogue().get(name);
            for (String subject : event.receiveSubjects()) {
                durables.add(new PendingAgeWatch.Durable(settings.namespace().stream(EventDefinition.streamOfSubject(subject)),
                        event.durableName(settings.service()), settings.namespace().subject(subject)));
            }
        }
        return durables;
    }

    /**
     * Reading a pending message's timestamp needs stream read access: the provisioning identity has it
     * (a service's own identity on a secured bus has not), so the watch uses that connection while open.
     */
    private JetStreamManagement watchingManagement() {
        Connection watching = provisioning != null && provisioning.getStatus() != Connection.Status.CLOSED
                ? provisioning : serviceConnection;
        try {
            return watching == serviceConnection ? management : watching.jetStreamManagement();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Resets every per-instance handler: called when the NATS connection came back. */
    public void resetBroadcasts() {
        broadcasts.forEach(BroadcastConsumer::reset);
    }

    private <T extends EventPayload> void startShared(Registration<T> registration) {
        EventDefinition event = codec.catalogue().get(EventPayload.nameOf(registration.type()));
        for (String subject : event.receiveSubjects()) {
            SharedConsumer<T> consumer = new SharedConsumer<>(
                    new Subscription<>(event, subject, registration.type(), registration.handler()), consumers);
            consumer.start();
            running.add(consumer);
        }
    }

    private <T extends EventPayload> void startBroadcast(Registration<T> registration) throws IOException, JetStreamApiException {
        EventDefinition event = codec.catalogue().get(EventPayload.nameOf(registration.type()));
        for (String subject : event.receiveSubjects()) {
            BroadcastConsumer<T> consumer = new BroadcastConsumer<>(
                    new Subscription<>(event, subject, registration.type(), registration.broadcastHandler()), consumers);
            try {
                consumer.start();
            } catch (IOException | JetStreamApiException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Cannot subscribe to " + subject, e);
            }
            broadcasts.add(consumer);
            running.add(consumer);
        }
    }

    private <T extends EventPayload> void register(Class<T> type, Delivery delivery,
                                                   Map<String, Registration<?>> into, Registration<T> registration) {
        if (started) {
            throw new IllegalStateException("Register handlers before start()");
        }
        String name = EventPayload.nameOf(type);
        Delivery declared = codec.catalogue().get(name).receivers().get(settings.service());
        if (declared == null) {
            throw new ContractViolation(ContractViolation.Kind.NOT_IN_CONTRACT,
                    settings.service() + " has no receive operation for " + name + " in the contract");
        }
        if (declared != delivery) {
            throw new ContractViolation(ContractViolation.Kind.NOT_IN_CONTRACT, settings.service() + " receives " + name
                    + " with delivery " + declared.contractName() + " in the contract, not " + delivery.contractName());
        }
        if (into.putIfAbsent(name, registration) != null) {
            throw new IllegalStateException("A handler for " + name + " is registered already");
        }
    }

    private void requireHandlersForEveryReceiveOperation(ServiceName service) {
        List<String> missing = new ArrayList<>();
        for (EventDefinition event : codec.catalogue().receivedBy(service)) {
            Map<String, Registration<?>> registry =
                    event.receivers().get(service) == Delivery.SHARED ? handlers : broadcastHandlers;
            if (!registry.containsKey(event.name())) {
                missing.add(event.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new ContractViolation(ContractViolation.Kind.NOT_IN_CONTRACT,
                    service + " receives " + missing + " in the contract but registers no handler for them");
        }
    }

    @Override
    public synchronized void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", running.get(i), e.toString());
            }
        }
        running.clear();
        broadcasts.clear();
        started = false;
    }

    private record Registration<T extends EventPayload>(
            Class<T> type, ReceiptHandler<T> handler, BroadcastHandler<T> broadcastHandler) {}

    /** Builds an {@link EventBus}; only settings, connection and data source are required. */
    public static final class Builder {
        private final BusSettings settings;
        private final Connection connection;
        private final DataSource dataSource;
        private PlatformTransactionManager transactionManager;
        private MeterRegistry meterRegistry;
        private ObservationRegistry observationRegistry;
        private EventCodec codec;
        private boolean wholeContract = DEFAULT_WHOLE_CONTRACT;
        private Connection provisioning;

        private Builder(BusSettings settings, Connection connection, DataSource dataSource) {
            this.settings = Objects.requireNonNull(settings);
            this.connection = Objects.requireNonNull(connection);
            this.provisioning = connection;
            this.dataSource = Objects.requireNonNull(dataSource);
        }

        /** The service's own transaction manager, so that outbox rows join its transactions. */
        public Builder transactionManager(PlatformTransactionManager transactionManager) {
            this.transactionManager = transactionManager;
            return this;
        }

        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /**
         * Where the appends, publishes and handler calls are observed (see {@link BusObservations}): with
         * a tracing bridge, spans that join one request's trace across services through each event's
         * {@code traceparent}; none by default.
         */
        public Builder observationRegistry(ObservationRegistry observationRegistry) {
            this.observationRegistry = observationRegistry;
            return this;
        }

        public Builder codec(EventCodec codec) {
            this.codec = codec;
            return this;
        }

        /**
         * Whether {@link #start()} insists on a handler for every receive operation of the service
         * (true, the default, for real services); false lets a test or tool handle a part.
         */
        public Builder wholeContract(boolean wholeContract) {
            this.wholeContract = wholeContract;
            return this;
        }

        /**
         * The connection {@link #start()} creates or updates the streams and this service's durable
         * consumers with: by default the service's own (an open bus); on a secured bus, where a service's
         * identity may not, one of the provisioning identity, or null to expect them provisioned already
         * ({@code ./marketbus provision}).
         */
        public Builder provisioning(Connection provisioning) {
            this.provisioning = provisioning;
            return this;
        }

        public EventBus build() {
            try {
                return new EventBus(this);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
