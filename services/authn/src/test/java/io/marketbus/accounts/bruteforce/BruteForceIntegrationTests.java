package io.marketbus.accounts.bruteforce;

import static io.marketbus.accounts.AuthnTestEnvironment.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.accounts.AuthnTestEnvironment;
import io.marketbus.accounts.AuthnsvcUnderTest;
import io.marketbus.accounts.Http;
import io.marketbus.accounts.MutableClock;
import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.events.SuspiciousActivity;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Failed logins with small thresholds (3 per account, 10 per client address; locks of 1, 2, 3 min)
 * and a clock the test moves instead of waiting.
 */
@AuthnsvcUnderTest
@TestPropertySource(properties = "marketbus.authn.brute-force.client-failure-factor=10")
@Import(MutableClock.Config.class)
class BruteForceIntegrationTests {

    static final AuthnTestEnvironment env = AuthnTestEnvironment.start("authnsvc");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Http http;

    @BeforeEach
    void fresh() {
        http = new Http(port);
        clock.reset();
        jdbc.sql("delete from login_failures").update();
    }

    String newAccount() {
        String email = "b-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        http.signUp("B", email, PASSWORD, "customer");
        return email;
    }

    ResponseEntity<String> login(String email, String password) {
        return http.post("/v1/authnsvc/login", Map.of("email", email, "password", password), null);
    }

    @Test
    void anUnknownEmailAndAWrongPasswordGetTheSameAnswer() {
        ResponseEntity<String> wrongPassword = login(newAccount(), "wrong password!");
        ResponseEntity<String> unknownEmail = login("nobody-" + UUID.randomUUID() + "@example.com", PASSWORD);
        assertThat(wrongPassword.getStatusCode().value()).isEqualTo(401);
        assertThat(unknownEmail.getStatusCode().value()).isEqualTo(401);
        assertThat(wrongPassword.getHeaders().getContentType()).satisfies(t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
        JsonNode a = Http.json(wrongPassword);
        JsonNode b = Http.json(unknownEmail);
        assertThat(a.get("type")).isEqualTo(b.get("type"));
        assertThat(a.get("title")).isEqualTo(b.get("title"));
        assertThat(a.get("detail")).isEqualTo(b.get("detail"));
    }

    @Test
    void anAccountIsLockedAfterTooManyFailures_withAGrowingWait_thenUnlocked() {
        String email = newAccount();
        for (int i = 0; i < 3; i++) {
            assertThat(login(email, "wrong password " + i).getStatusCode().value()).isEqualTo(401);
        }
        // Locked: even the right password is refused, before being checked.
        ResponseEntity<String> locked = login(email, PASSWORD);
        assertThat(locked.getStatusCode().value()).isEqualTo(429);
        assertThat(locked.getHeaders().getContentType()).satisfies(t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
        long retryAfter = Long.parseLong(locked.getHeaders().getFirst("Retry-After"));
        assertThat(retryAfter).isBetween(55L, 60L);
        assertThat(Http.json(locked).get("retry_after").asLong()).isEqualTo(retryAfter);
        // The email in another case is the same account.
        assertThat(login(email.toUpperCase(), PASSWORD).getStatusCode().value()).isEqualTo(429);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(env.events(SuspiciousActivity.class))
                .extracting(CloudEvent::data)
                .anySatisfy(s -> {
                    assertThat(s.action()).isEqualTo("login");
                    assertThat(s.resourceType()).isEqualTo("accounts");
                    assertThat(s.accountId()).isPositive();
                    assertThat(s.resourceId()).isEqualTo(Long.toString(s.accountId()));
                    assertThat(s.severity()).isEqualTo(SuspiciousActivity.Severity.MEDIUM);
                }));

        // After the wait, three more failures lock for twice as long.
        clock.advance(Duration.ofSeconds(61));
        for (int i = 0; i < 3; i++) {
            assertThat(login(email, "wrong again " + i).getStatusCode().value()).isEqualTo(401);
        }
        ResponseEntity<String> lockedLonger = login(email, PASSWORD);
        assertThat(lockedLonger.getStatusCode().value()).isEqualTo(429);
        assertThat(Long.parseLong(lockedLonger.getHeaders().getFirst("Retry-After"))).isBetween(115L, 120L);

        clock.advance(Duration.ofSeconds(121));
        ResponseEntity<String> unlocked = login(email, PASSWORD);
        assertThat(unlocked.getStatusCode().value()).isEqualTo(200);
        // A success forgets the account's failures: two more wrong ones do not lock it.
        login(email, "wrong");
        login(email, "wrong");
        assertThat(login(email, PASSWORD).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void unknownEmailsAreLockedLikeAccounts_soALockRevealsNothing() {
        String unknown = "ghost-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        for (int i = 0; i < 3; i++) {
            assertThat(login(unknown, "guess " + i).getStatusCode().value()).isEqualTo(401);
        }
        assertThat(login(unknown, "guess").getStatusCode().value()).isEqualTo(429);
    }

    @Test
    void aClientAddressIsLockedAfterTooManyFailuresAcrossAccounts() {
        String[] emails = {newAccount(), newAccount(), newAccount(), newAccount(), newAccount()};
        for (int i = 0; i < 10; i++) {
            assertThat(login(emails[i % 5], "wrong " + i).getStatusCode().value()).as("attempt %s", i).isEqualTo(401);
        }
        String innocent = newAccount();
        ResponseEntity<String> locked = login(innocent, PASSWORD);
        assertThat(locked.getStatusCode().value()).isEqualTo(429);
        assertThat(locked.getHeaders().getFirst("Retry-After")).isNotNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(env.events(SuspiciousActivity.class))
                .extracting(CloudEvent::data)
                .anySatisfy(s -> {
                    assertThat(s.accountId()).isZero();
                    assertThat(s.reason()).contains("client address");
                }));

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(login(innocent, PASSWORD).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void fortyWrongServiceTokenRequestsFromOneAddress_lockTheAddressNotTheClient_theGenuineServiceGetsItsToken() {
        java.util.List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(http.post("/v1/authnsvc/service-tokens", Map.of("client_id", "ordersvc",
                    "client_secret", "a wrong guess " + i), null).getStatusCode().value());
        }
        // The address (10 failures here) is locked for wrong secrets: 401 ten times, then 429.
        assertThat(statuses.subList(0, 10)).containsOnly(401);
        assertThat(statuses.subList(10, 40)).containsOnly(429);

        // From the very same address, the right secret still gets a token.
        ResponseEntity<String> genuine = http.post("/v1/authnsvc/service-tokens", Map.of("client_id", "ordersvc",
                "client_secret", "ordersvc-secret-for-tests-0123456789"), null);
        assertThat(genuine.getStatusCode().value()).isEqualTo(200);
        assertThat(Http.json(genuine).get("access_token").asString()).isNotBlank();
    }
}
