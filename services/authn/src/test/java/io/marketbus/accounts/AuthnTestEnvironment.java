package io.marketbus.accounts;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TestNats;
import io.nats.client.Dispatcher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What an integration test class of authnsvc runs against: a fresh PostgreSQL schema, a fresh NATS
 * namespace, and a listener that records every event published on the authnsvc and authzsvc streams
 * there (core subscriptions see JetStream publishes), decoded with the contract's codec. With
 * {@link #startWithAuthz}, also the real authzsvc ({@link AuthzServer}) in that namespace; without
 * it, authnsvc's policy cache points at a port where nothing listens (profile {@code it}).
 */
public final class AuthnTestEnvironment {

    /** The password of every account the tests sign up. */
    public static final String PASSWORD = "correct horse battery";

    public final TestNats nats;
    public final TestDatabase database;
    private final EventCodec codec = new EventCodec(EventCatalogue.load());
    private final List<CloudEvent<EventPayload>> events = new CopyOnWriteArrayList<>();
    private final List<String> undecodable = new CopyOnWriteArrayList<>();
    private AuthzServer authz;

    private static final Map<String, AuthnTestEnvironment> ENVIRONMENTS = new ConcurrentHashMap<>();

    private AuthnTestEnvironment(String name) throws Exception {
        this.nats = TestNats.start();
        this.database = TestDatabase.create(name);
        ENVIRONMENTS.put(nats.namespace().prefix(), this);
        Dispatcher dispatcher = nats.connection().createDispatcher(message -> {
            try {
                events.add(codec.decode(message.getData()));
            } catch (RuntimeException e) {
                undecodable.add(message.getSubject() + ": " + e.getMessage());
            }
        });
        dispatcher.subscribe(nats.namespace().subject("authnsvc.>"));
        dispatcher.subscribe(nats.namespace().subject("authzsvc.>"));
        nats.connection().flush(java.time.Duration.ofSeconds(5));
    }

    public static AuthnTestEnvironment start(String name) {
        try {
            return new AuthnTestEnvironment(name);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The environment plus a real authzsvc (started by {@link AuthzServer#start} once authnsvc runs). */
    public static AuthnTestEnvironment startWithAuthz(String name) {
        AuthnTestEnvironment environment = start(name);
        try {
            environment.authz = new AuthzServer(environment.nats);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
        return environment;
    }

    /** The authzsvc of this environment ({@link #startWithAuthz}). */
    public AuthzServer authz() {
        if (authz == null) {
            throw new IllegalStateException("This environment has no authzsvc: use startWithAuthz");
        }
        return authz;
    }

    /** {@code marketbus.authz.url} for authnsvc: this environment's authzsvc. */
    public void registerAuthz(DynamicPropertyRegistry registry) {
        registry.add("marketbus.authz.url", authz()::url);
    }

    /** Points the application under test at this environment. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::user);
        nats.properties().forEach((key, value) -> registry.add(key, () -> value));
        if (authz != null) {
            registerAuthz(registry);
        }
    }

    /** Every event seen so far whose payload is of this type. */
    public <T extends EventPayload> List<CloudEvent<T>> events(Class<T> type) {
        @SuppressWarnings("unchecked")
        List<CloudEvent<T>> matching = events.stream().filter(e -> type.isInstance(e.data()))
                .map(e -> (CloudEvent<T>) (CloudEvent<?>) e).toList();
        return matching;
    }

    /** Events that did not decode: the contract was broken. */
    public List<String> undecodable() {
        return List.copyOf(undecodable);
    }

    private void close() throws Exception {
        ENVIRONMENTS.remove(nats.namespace().prefix());
        if (authz != null) {
            authz.close();
        }
        nats.close();
        database.close();
    }

    /**
     * Drops the environment when the application under test closes (with {@code @DirtiesContext},
     * right after its test class), once its event bus has stopped: the last lifecycle to stop.
     */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Cleanup {
        @Bean
        SmartLifecycle authnTestEnvironmentCleanup(@Value("${marketbus.namespace}") String namespace) {
            return new SmartLifecycle() {
                private volatile boolean running;

                @Override
                public void start() {
                    running = true;
                }

                @Override
                public void stop() {
                    running = false;
                    AuthnTestEnvironment environment = ENVIRONMENTS.get(namespace);
                    if (environment != null) {
                        try {
                            environment.close();
                        } catch (Exception e) {
                            throw new IllegalStateException("Cleaning up test environment " + namespace + " failed", e);
                        }
                    }
                }

                @Override
                public boolean isRunning() {
                    return running;
                }

                @Override
                public int getPhase() {
                    return Integer.MIN_VALUE;
                }
            };
        }
    }
}
