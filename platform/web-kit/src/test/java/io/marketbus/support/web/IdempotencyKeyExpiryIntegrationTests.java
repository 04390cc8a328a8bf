package io.marketbus.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.testkit.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** With {@code marketbus.web.idempotency-key-retention} short, a key past it is taken as new. */
@SpringBootTest(classes = IdempotencyTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"marketbus.web.idempotency-key-retention=2s", "spring.flyway.enabled=false"})
class IdempotencyKeyExpiryIntegrationTests {

    static final TestDatabase db = IdempotentWritesIntegrationTests.database("idempotency_expiry");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
    }

    @AfterAll
    static void dropSchema() throws Exception {
        db.close();
    }

    @Value("${local.server.port}")
    int port;

    @Test
    void anExpiredKeyIsAcceptedAsNew() throws Exception {
        IdempotencyTestApp.Client client = new IdempotencyTestApp.Client(port);
        JsonMapper json = JsonMapper.builder().build();
        String name = "clock-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String body = IdempotentWritesIntegrationTests.thing(name, "50.00");
        HttpResponse<String> first = client.post("/things", "alice", key, body);
        assertThat(first.statusCode()).isEqualTo(201);
        String firstId = json.readTree(first.body()).path("id").asString();
        assertThat(client.post("/things", "alice", key, body).body()).as("within the retention").isEqualTo(first.body());

        HttpResponse<String>[] later = new HttpResponse[1];
        await("the key expires").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            later[0] = client.post("/things", "alice", key, body);
            return !json.readTree(later[0].body()).path("id").asString().equals(firstId);
        });

        assertThat(later[0].statusCode()).isEqualTo(201);
        assertThat(later[0].headers().firstValue(IdempotentWrite.REPLAYED)).isEmpty();
        // Every request before the expiry was answered from the key; only the one after it created a thing.
        assertThat(JdbcClient.create(db.dataSource()).sql("select count(*) from things where name = ?").param(name)
                .query(Long.class).single()).isEqualTo(2);
        assertThat(client.post("/things", "alice", key, body).body()).as("the new answer is the key's now")
                .isEqualTo(later[0].body());
    }
}
