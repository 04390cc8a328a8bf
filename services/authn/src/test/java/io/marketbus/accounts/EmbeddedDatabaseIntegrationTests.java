package io.marketbus.accounts;

import static io.marketbus.accounts.AuthnTestEnvironment.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.events.AccountCreated;
import io.marketbus.contract.events.SuspiciousActivity;
import io.marketbus.testkit.TestNats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The default local set-up: no database configured, so the service runs on its own H2 file (in
 * PostgreSQL mode) with the same migration and SQL. The bus is the real NATS.
 */
@AuthnsvcUnderTest
// Inline, not dynamic: the database is chosen before dynamic properties are applied.
@TestPropertySource(properties = {"marketbus.data-dir=target/h2-it", "marketbus.authn.bootstrap-admin.password="})
class EmbeddedDatabaseIntegrationTests {

    static final AuthnTestEnvironment env = AuthnTestEnvironment.startWithAuthz("authnsvc");
    static final Path DATA_DIR = Path.of("target", "h2-it");

    static {
        // A fresh embedded database for every run.
        try {
            if (Files.exists(DATA_DIR)) {
                try (var paths = Files.walk(DATA_DIR)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (java.io.IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.nats.properties().forEach((key, value) -> registry.add(key, () -> value));
        env.registerAuthz(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void theWholeServiceWorksOnTheEmbeddedDatabase() throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getURL()).startsWith("jdbc:h2:file:")
                    .contains(DATA_DIR.toAbsolutePath().toString());
        }
        Http http = new Http(port);
        env.authz().start(port);

        // Without a configured password the administrator's is generated into an owner-only file.
        Path passwordFile = DATA_DIR.resolve("authnsvc-admin-password.txt");
        assertThat(passwordFile).exists();
        assertThat(Files.getPosixFilePermissions(passwordFile).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        String admin = http.login("admin@marketbus.local", Files.readString(passwordFile).strip())
                .get("access_token").asString();

        String email = "h2-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        long id = http.signUp("H", email, PASSWORD, "customer");
        JsonNode tokens = http.login(email, PASSWORD);
        // The account's policy travels through authzsvc (on PostgreSQL) back to this service's cache.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Http.json(http.get("/v1/authnsvc/accounts", tokens.get("access_token").asString()))
                        .findValuesAsString("email")).containsExactly(email));
        assertThat(Http.json(http.get("/v1/authnsvc/accounts", admin)).size()).isEqualTo(2);

        String refresh = tokens.get("refresh_token").asString();
        assertThat(http.post("/v1/authnsvc/refresh", Map.of("refresh_token", refresh), null).getStatusCode().value())
                .isEqualTo(200);
        assertThat(http.post("/v1/authnsvc/refresh", Map.of("refresh_token", refresh), null).getStatusCode().value())
                .isEqualTo(401);

        for (int i = 0; i < 3; i++) {
            http.post("/v1/authnsvc/login", Map.of("email", email, "password", "wrong"), null);
        }
        assertThat(http.post("/v1/authnsvc/login", Map.of("email", email, "password", PASSWORD), null)
                .getStatusCode().value()).isEqualTo(429);
        assertThat(http.post("/v1/authnsvc/signing-keys", Map.of(), admin).getStatusCode().value()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(env.events(AccountCreated.class)).extracting(e -> e.data().accntId()).contains(id);
            assertThat(env.events(SuspiciousActivity.class)).extracting(CloudEvent::data)
                    .extracting(SuspiciousActivity::action).contains("refresh", "login");
        });
    }
}
