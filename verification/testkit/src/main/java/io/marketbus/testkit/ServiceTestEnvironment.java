package io.marketbus.testkit;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What a service's integration test runs against, in one place: the real NATS with a fresh
 * namespace, a fresh PostgreSQL schema for the service, and the token stand-in.
 *
 * <pre>{@code
 * static final ServiceTestEnvironment env = ServiceTestEnvironment.start("authzsvc");
 * @DynamicPropertySource static void properties(DynamicPropertyRegistry r) { env.register(r); }
 * @AfterAll static void tearDown() throws Exception { env.close(); }
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
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::user);
        registry.add("marketbus.namespace", () -> nats.namespace().prefix());
        registry.add("marketbus.nats.url", () -> TestNats.URL);
        registry.add("marketbus.security.jwks-uri", tokens::jwksUri);
        registry.add("marketbus.security.token-uri", tokens::tokenUri);
    }

    @Override
    public void close() throws Exception {
        tokens.close();
        nats.close();
        database.close();
    }
}
