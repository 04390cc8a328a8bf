package io.marketbus.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What a service's integration test runs against, in one place: the real NATS with a fresh
 * namespace, a fresh PostgreSQL schema for the service, and the token stand-in.
 *
 * <pre>{@code
 * @AutoClose static final ServiceTestEnvironment env = ServiceTestEnvironment.start("authzsvc");
 * @DynamicPropertySource static void properties(DynamicPropertyRegistry r) { env.register(r); }
 * (with {@code @AutoClose} on the field, JUnit closes it after the class)
 * }</pre>
 */
public record ServiceTestEnvironment(TestNats nats, TestDatabase database, TestTokens tokens) implements AutoCloseable {

    /** Starts everything; a failure is an {@link ExceptionInInitializerError}, for static fields. */
    public static ServiceTestEnvironment start(String service) {
        try {
            return new ServiceTestEnvironment(TestNats.start(), TestDatabase.create(service), TestTokens.start());
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Points the service under test at this environment. */
    public void register(DynamicPropertyRegistry registry) {
        pointingAt(nats, database, tokens).forEach((key, value) -> registry.add(key, () -> value));
    }

    /**
     * The properties that point a service at these servers - its schema, the namespace, the token
     * stand-in - for tests that start applications themselves; the one list of them.
     */
    public static Map<String, String> pointingAt(TestNats nats, TestDatabase database, TestTokens tokens) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.user());
        properties.putAll(nats.properties());
        properties.put("marketbus.security.jwks-uri", tokens.jwksUri());
        properties.put("marketbus.security.token-uri", tokens.tokenUri());
        return properties;
    }

    @Override
    public void close() throws Exception {
        tokens.close();
        nats.close();
        database.close();
    }
}
