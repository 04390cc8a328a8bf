package io.marketbus.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The same keys on the embedded default database of {@code ./marketbus run} (H2 in PostgreSQL
 * mode): a retry is answered from the key, another body is 422, and two requests with one key at
 * once still create one thing (H2 may answer the second 409 "in progress" instead of waiting).
 */
@SpringBootTest(classes = IdempotencyTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:idempotency;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "spring.datasource.username=sa", "spring.flyway.enabled=false"})
class IdempotentWritesOnH2IntegrationTests {

    @Value("${local.server.port}")
    int port;

    @Autowired
    DataSource dataSource;

    long things(String name) {
        JdbcClient sql = JdbcClient.create(dataSource);
        if (sql.sql("select count(*) from information_schema.tables where table_name = 'things'").query(Long.class).single() == 0) {
            IdempotencyTestApp.createTable(dataSource);
        }
        return sql.sql("select count(*) from things where name = ?").param(name).query(Long.class).single();
    }

    @Test
    void retriesAreAnsweredFromTheKeyAndConcurrentDuplicatesCreateOneThing() throws Exception {
        IdempotencyTestApp.Client client = new IdempotencyTestApp.Client(port);
        String name = "h2-" + UUID.randomUUID();
        assertThat(things(name)).isZero();
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = client.post("/things", "alice", key, IdempotentWritesIntegrationTests.thing(name, "1.50"));
        HttpResponse<String> again = client.post("/things", "alice", key, IdempotentWritesIntegrationTests.thing(name, "1.50"));
        HttpResponse<String> other = client.post("/things", "alice", key, IdempotentWritesIntegrationTests.thing(name, "1.51"));
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(things(name)).isEqualTo(1);

        String gated = "gated-h2-" + UUID.randomUUID();
        String gatedKey = UUID.randomUUID().toString();
        IdempotencyTestApp.gate = new CountDownLatch(1);
        IdempotencyTestApp.atGate = new CountDownLatch(1);
        try {
            CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(() -> post(client, gated, gatedKey));
            assertThat(IdempotencyTestApp.atGate.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(() -> post(client, gated, gatedKey));
            // H2 either makes b wait for a's lock (a blocked session) or answers it at once.
            await("the duplicate waits or is answered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> b.isDone() || JdbcClient.create(dataSource)
                            .sql("select count(*) from information_schema.sessions where blocker_id is not null")
                            .query(Long.class).single() > 0);
            IdempotencyTestApp.gate.countDown();
            HttpResponse<String> first2 = a.get(30, TimeUnit.SECONDS);
            HttpResponse<String> second2 = b.get(30, TimeUnit.SECONDS);
            assertThat(first2.statusCode()).isEqualTo(201);
            assertThat(List.of(201, 409)).contains(second2.statusCode());
            if (second2.statusCode() == 201) {
                assertThat(second2.body()).isEqualTo(first2.body());
            }
            assertThat(things(gated)).isEqualTo(1);
        } finally {
            IdempotencyTestApp.gate.countDown();
        }
    }

    private static HttpResponse<String> post(IdempotencyTestApp.Client client, String name, String key) {
        try {
            return client.post("/things", "alice", key, IdempotentWritesIntegrationTests.thing(name, "2.00"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
