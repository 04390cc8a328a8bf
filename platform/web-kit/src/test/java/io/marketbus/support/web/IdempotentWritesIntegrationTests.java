package io.marketbus.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.testkit.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link IdempotentWrite} over real HTTP on a real PostgreSQL schema: a retry with the same key gets
 * the first answer and creates nothing; another request with that key gets 422; another caller's
 * key is its own; two requests with one key at the same time create one thing, the second waiting
 * for the first's commit; a refusal keeps no key. Each of these fails without the mechanism (the
 * endpoints then create a thing per request).
 */
@SpringBootTest(classes = IdempotencyTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdempotentWritesIntegrationTests {

    static final TestDatabase db = database("idempotent_writes");
    static final String APPLICATION = "idem-" + UUID.randomUUID();
    static final JsonMapper json = JsonMapper.builder().build();

    static TestDatabase database(String name) {
        try {
            TestDatabase created = TestDatabase.create(name);
            IdempotencyTestApp.createTable(created.dataSource());
            return created;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.hikari.data-source-properties.ApplicationName", () -> APPLICATION);
        registry.add("spring.flyway.enabled", () -> "false");
    }

    @AfterAll
    static void dropSchema() throws Exception {
        db.close();
    }

    @Value("${local.server.port}")
    int port;

    final JdbcClient sql = JdbcClient.create(db.dataSource());

    IdempotencyTestApp.Client client() {
        return new IdempotencyTestApp.Client(port);
    }

    long things(String name) {
        return sql.sql("select count(*) from things where name = ?").param(name).query(Long.class).single();
    }

    static String thing(String name, String price) {
        return "{\"name\":\"" + name + "\",\"price\":\"" + price + "\"}";
    }

    static JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    @Test
    void aRetryWithTheSameKeyGetsTheFirstAnswerAndCreatesNothing() throws Exception {
        String name = "lamp-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = client().post("/things", "alice", key, thing(name, "12.50"));
        HttpResponse<String> again = client().post("/things", "alice", key, thing(name, "12.50"));
        // The same JSON with other spacing and order is the same request.
        HttpResponse<String> respelled = client().post("/things", "alice", key,
                "{ \"price\" : \"12.50\", \"name\" : \"" + name + "\" }");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue(IdempotentWrite.REPLAYED)).isEmpty();
        for (HttpResponse<String> retry : java.util.List.of(again, respelled)) {
            assertThat(retry.statusCode()).isEqualTo(201);
            assertThat(retry.body()).isEqualTo(first.body());
            assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
            assertThat(retry.headers().firstValue(IdempotentWrite.REPLAYED)).contains("true");
        }
        assertThat(body(first).path("price").asString()).isEqualTo("12.50");
        assertThat(things(name)).isEqualTo(1);

        // Without a key every request is a new one, as before.
        client().post("/things", "alice", null, thing(name, "12.50"));
        client().post("/things", "alice", null, thing(name, "12.50"));
        assertThat(things(name)).isEqualTo(3);
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedWith422AndChangesNothing() throws Exception {
        String name = "mug-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        assertThat(client().post("/things", "alice", key, thing(name, "3.25")).statusCode()).isEqualTo(201);

        HttpResponse<String> otherBody = client().post("/things", "alice", key, thing(name, "3.26"));
        HttpResponse<String> otherPath = client().post("/shelves/top/things", "alice", key, thing(name, "3.25"));

        for (HttpResponse<String> refused : java.util.List.of(otherBody, otherPath)) {
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(body(refused).path("type").asString()).endsWith("/idempotency-key-reused");
            assertThat(refused.body()).doesNotContain(name);
        }
        assertThat(things(name)).isEqualTo(1);
    }

    /** An attacker who learns (or guesses) a victim's key and sends it with the attacker's own identity. */
    @Test
    void anotherCallersKeyIsItsOwnAndNeverAnswersTheFirstCallersAnswer() throws Exception {
        String name = "vase-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        HttpResponse<String> victims = client().post("/things", "1001", key, thing(name, "2.00"));

        HttpResponse<String> attackers = client().post("/things", "6666", key, thing(name, "2.00"));
        HttpResponse<String> attackersOther = client().post("/things", "7777", key, thing(name + "-other", "9.00"));

        assertThat(victims.statusCode()).isEqualTo(201);
        assertThat(attackers.statusCode()).isEqualTo(201);
        assertThat(attackers.headers().firstValue(IdempotentWrite.REPLAYED)).isEmpty();
        assertThat(body(attackers).path("id").asString()).isNotEqualTo(body(victims).path("id").asString());
        assertThat(attackers.body()).doesNotContain(body(victims).path("id").asString());
        assertThat(attackersOther.statusCode()).isEqualTo(201);
        assertThat(things(name)).isEqualTo(2);
        // The victim's retry still gets the victim's own first answer.
        assertThat(client().post("/things", "1001", key, thing(name, "2.00")).body()).isEqualTo(victims.body());
        assertThat(things(name)).isEqualTo(2);
    }

    /**
     * The first request is held inside its transaction (after creating its thing) until the second,
     * with the same key, is seen waiting on PostgreSQL's lock of the key: then the second answers
     * the first's answer, and there is one thing.
     */
    @Test
    void twoRequestsWithOneKeyAtOnceCreateOneThingTheSecondWaitingForTheFirst() throws Exception {
        String name = "gated-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        IdempotencyTestApp.gate = new CountDownLatch(1);
        IdempotencyTestApp.atGate = new CountDownLatch(1);
        try {
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> post(name, key));
            assertThat(IdempotencyTestApp.atGate.await(30, TimeUnit.SECONDS)).as("the first request reached the gate").isTrue();
            CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> post(name, key));
            await("the second request waits on the first's key").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20)).until(() -> sql.sql("""
                            select count(*) from pg_stat_activity
                            where application_name = ? and wait_event_type = 'Lock' and query like '%idempotency_keys%'""")
                            .param(APPLICATION).query(Long.class).single() == 1);
            assertThat(second).isNotDone();
            IdempotencyTestApp.gate.countDown();

            HttpResponse<String> a = first.get(30, TimeUnit.SECONDS);
            HttpResponse<String> b = second.get(30, TimeUnit.SECONDS);
            assertThat(a.statusCode()).isEqualTo(201);
            assertThat(b.statusCode()).isEqualTo(201);
            assertThat(b.body()).isEqualTo(a.body());
            assertThat(b.headers().firstValue(IdempotentWrite.REPLAYED)).contains("true");
            assertThat(things(name)).isEqualTo(1);
        } finally {
            IdempotencyTestApp.gate.countDown();
        }
    }

    @Test
    void aRefusalKeepsNoKeySoTheRetryIsDecidedAgain() throws Exception {
        String name = "refused-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        int callsBefore = IdempotencyTestApp.calls.get();

        assertThat(client().post("/things", "alice", key, thing(name, "1.00")).statusCode()).isEqualTo(409);
        assertThat(client().post("/things", "alice", key, thing(name, "1.00")).statusCode()).isEqualTo(409);

        assertThat(IdempotencyTestApp.calls.get() - callsBefore).as("the endpoint ran for each").isEqualTo(2);
        assertThat(things(name)).isZero();
        assertThat(sql.sql("select count(*) from idempotency_keys where idempotency_key = ?").param(key)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aKeyTooLongIsABadRequestAndCreatesNothing() throws Exception {
        String name = "long-" + UUID.randomUUID();
        HttpResponse<String> refused = client().post("/things", "alice", "k".repeat(256), thing(name, "1.00"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(things(name)).isZero();
    }

    @Test
    void theApiDocsNameTheHeaderOnIdempotentWritesOnly() throws Exception {
        JsonNode docs = json.readTree(client().get("/v3/api-docs").body());
        assertThat(docs.at("/paths/~1things/post/parameters").findValuesAsString("name")).contains(IdempotentWrite.HEADER);
        assertThat(docs.at("/paths/~1things/post/responses/422").isMissingNode()).isFalse();
        assertThat(docs.at("/paths/~1plain-things/post/parameters").findValuesAsString("name"))
                .doesNotContain(IdempotentWrite.HEADER);
    }

    private HttpResponse<String> post(String name, String key) {
        try {
            return client().post("/things", "alice", key, thing(name, "5.00"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
