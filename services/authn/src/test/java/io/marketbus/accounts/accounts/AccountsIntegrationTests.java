package io.marketbus.accounts.accounts;

import static io.marketbus.accounts.AuthnTestEnvironment.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.accounts.AuthnTestEnvironment;
import io.marketbus.accounts.AuthnsvcUnderTest;
import io.marketbus.accounts.Http;
import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.events.AccountCreated;
import io.marketbus.contract.events.AccountDeleted;
import io.marketbus.contract.events.AccountRevoked;
import io.marketbus.contract.events.AccountRole;
import io.marketbus.contract.events.SuspiciousActivity;
import io.marketbus.contract.events.UpsertPolicy;
import io.marketbus.support.security.ServiceTokens;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Accounts over real HTTP, with real PostgreSQL and NATS: sign-up, events, deletion, and the access
 * rules, decided by the callers' policies in the real authzsvc (same JVM, same namespace, authn's
 * real tokens). Policies travel by events (event-upsert-policy to authzsvc, event-policy-updated to
 * the caches), so an account's first self-reads are awaited, never assumed.
 */
@AuthnsvcUnderTest
class AccountsIntegrationTests {

    static final AuthnTestEnvironment env = AuthnTestEnvironment.startWithAuthz("authnsvc");
    static final String ADMIN_EMAIL = "admin@marketbus.local";
    static final String ADMIN_PASSWORD = "admin-password-for-tests";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @LocalServerPort
    int port;

    Http http;

    @Autowired
    ServiceTokens serviceTokens;

    @BeforeEach
    void http() {
        http = new Http(port);
        env.authz().start(port);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    String tokenOf(String email, String password) {
        return http.login(email, password).get("access_token").asString();
    }

    @Test
    void signUpIsPublic_firesAccountCreatedAndTheOwnAccountPolicy_andNeverShowsThePassword() {
        String email = unique("Carol");
        ResponseEntity<String> response = http.post("/v1/authnsvc/accounts",
                Map.of("name", "Carol", "email", email, "password", PASSWORD, "role", "seller"), null);

        assertThat(response.getStatusCode().value()).isEqualTo(201);
        JsonNode body = Http.json(response);
        long id = body.get("id").asLong();
        assertThat(response.getHeaders().getLocation()).hasToString("/v1/authnsvc/accounts/" + id);
        assertThat(body.get("email").asString()).isEqualTo(email.toLowerCase());
        assertThat(body.get("role").asString()).isEqualTo("seller");
        assertThat(body.has("password")).isFalse();
        assertThat(response.getBody()).doesNotContain(PASSWORD).doesNotContain("argon2").doesNotContainIgnoringCase("hash");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(env.events(AccountCreated.class)).extracting(CloudEvent::data)
                    .contains(new AccountCreated(id, AccountRole.SELLER));
            assertThat(env.events(UpsertPolicy.class)).extracting(CloudEvent::data)
                    .contains(new UpsertPolicy(Long.toString(id), "accounts", Long.toString(id), "*"));
        });
        CloudEvent<AccountCreated> created = env.events(AccountCreated.class).stream()
                .filter(e -> e.data().accntId() == id).findFirst().orElseThrow();
        assertThat(created.source()).isEqualTo("/marketbus/authnsvc");
        assertThat(created.subject()).isEqualTo(Long.toString(id));
        assertThat(created.requestId()).isEqualTo(response.getHeaders().getFirst("X-Request-Id"));
        assertThat(env.undecodable()).isEmpty();
    }

    @Test
    void invalidInputIsA400ProblemNamingTheFields() {
        List<Object> bodies = List.of(
                Map.of("name", "", "email", unique("x"), "password", PASSWORD, "role", "customer"),
                Map.of("name", "X", "email", "not-an-email", "password", PASSWORD, "role", "customer"),
                Map.of("name", "X", "email", unique("x"), "password", "short", "role", "customer"),
                Map.of("name", "X", "email", unique("x"), "password", PASSWORD, "role", "superuser"),
                Map.of("email", unique("x"), "password", PASSWORD));
        List<String> fields = List.of("name", "email", "password", "role", "name");
        for (int i = 0; i < bodies.size(); i++) {
            ResponseEntity<String> response = http.post("/v1/authnsvc/accounts", bodies.get(i), null);
            assertThat(response.getStatusCode().value()).as("body %s", i).isEqualTo(400);
            assertThat(response.getHeaders().getContentType()).satisfies(t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
            JsonNode problem = Http.json(response);
            assertThat(problem.get("status").asInt()).isEqualTo(400);
            assertThat(problem.get("errors").findValuesAsString("field")).as("body %s", i).contains(fields.get(i));
            assertThat(response.getBody()).doesNotContain(PASSWORD);
        }
        ResponseEntity<String> malformed = http.post("/v1/authnsvc/accounts", "{\"name\": ", null);
        assertThat(malformed.getStatusCode().value()).isEqualTo(400);
        assertThat(malformed.getHeaders().getContentType()).satisfies(t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
    }

    @Test
    void emailsAreUniqueWhateverTheirCase() {
        String email = unique("dave");
        http.signUp("Dave", email, PASSWORD, "customer");
        ResponseEntity<String> again = http.post("/v1/authnsvc/accounts",
                Map.of("name", "Dave 2", "email", email.toUpperCase(), "password", PASSWORD, "role", "customer"),
                null);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getHeaders().getContentType()).satisfies(t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
        // The login is case-insensitive too.
        assertThat(tokenOf(email.toUpperCase(), PASSWORD)).isNotBlank();
    }

    @Test
    void theBootstrapAdministratorExistsOnce_andOnlyAnAdministratorCreatesAnother() {
        String admin = tokenOf(ADMIN_EMAIL, ADMIN_PASSWORD);
        JsonNode all = Http.json(http.get("/v1/authnsvc/accounts?limit=1000", admin));
        assertThat(all.findValuesAsString("email")).containsOnlyOnce(ADMIN_EMAIL);
        assertThat(all.findValuesAsString("role")).contains("admin");

        Map<String, String> newAdmin = Map.of("name", "Eve", "email", unique("eve"), "password", PASSWORD, "role", "admin");
        assertThat(http.post("/v1/authnsvc/accounts", newAdmin, null).getStatusCode().value()).isEqualTo(403);
        String customer = tokenOf(emailOf(http.signUp("Fay", unique("fay"), PASSWORD, "customer"), admin), PASSWORD);
        assertThat(http.post("/v1/authnsvc/accounts", newAdmin, customer).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<String> created = http.post("/v1/authnsvc/accounts", newAdmin, admin);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        long id = Http.json(created).get("id").asLong();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(env.events(UpsertPolicy.class))
                .extracting(CloudEvent::data)
                .contains(new UpsertPolicy(Long.toString(id), "accounts", "*", "*")));
    }

    /** Waits until the account's policy has reached authnsvc's cache: it reads itself. */
    void awaitSelfRead(long id, String token) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(25)).untilAsserted(() ->
                assertThat(http.get("/v1/authnsvc/accounts/" + id, token).getStatusCode().value()).isEqualTo(200));
    }

    static void assertProblem(ResponseEntity<String> response, int status) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).satisfies(t ->
                assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
        assertThat(Http.json(response).get("status").asInt()).isEqualTo(status);
    }

    @Test
    void anAccountReadsAndListsOnlyItself_onceItsPolicyHasArrived_andNeitherReadsNorDeletesAnother() {
        String admin = tokenOf(ADMIN_EMAIL, ADMIN_PASSWORD);
        String aliceEmail = unique("alice");
        long alice = http.signUp("Alice", aliceEmail, PASSWORD, "customer");
        long bob = http.signUp("Bob", unique("bob"), PASSWORD, "customer");
        String aliceToken = tokenOf(aliceEmail, PASSWORD);

        awaitSelfRead(alice, aliceToken);
        assertThat(Http.json(http.get("/v1/authnsvc/accounts/" + alice, aliceToken)).get("email").asString())
                .isEqualTo(aliceEmail);
        JsonNode list = Http.json(http.get("/v1/authnsvc/accounts?limit=1000", aliceToken));
        assertThat(list.findValuesAsString("email")).containsExactly(aliceEmail);

        assertProblem(http.get("/v1/authnsvc/accounts/" + bob, aliceToken), 403);
        assertProblem(http.delete("/v1/authnsvc/accounts/" + bob, aliceToken), 403);
        // Decided on the id before any lookup: an absent account is not told apart from a foreign one.
        assertProblem(http.get("/v1/authnsvc/accounts/999999", aliceToken), 403);
        assertThat(http.get("/v1/authnsvc/accounts/" + bob, admin).getStatusCode().value()).isEqualTo(200);
        assertThat(http.get("/v1/authnsvc/accounts/999999", admin).getStatusCode().value()).isEqualTo(404);
        assertThat(http.get("/v1/authnsvc/accounts", null).getStatusCode().value()).isEqualTo(401);
        assertThat(http.get("/v1/authnsvc/accounts/" + alice, null).getStatusCode().value()).isEqualTo(401);
        assertThat(http.delete("/v1/authnsvc/accounts/" + alice, null).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void anAdministratorListsEveryAccount_inIdOrder_andPages() {
        String admin = tokenOf(ADMIN_EMAIL, ADMIN_PASSWORD);
        long carl = http.signUp("Carl", unique("carl"), PASSWORD, "customer");
        long cleo = http.signUp("Cleo", unique("cleo"), PASSWORD, "seller");

        List<Long> all = ids(Http.json(http.get("/v1/authnsvc/accounts?limit=1000", admin)));
        assertThat(all).contains(1L, carl, cleo).isSorted();
        assertThat(ids(Http.json(http.get("/v1/authnsvc/accounts?after_id=" + carl + "&limit=1", admin))))
                .containsExactly(cleo);
    }

    @Test
    void deletingAnAccount_firesAccountDeleted_authzsvcDropsItsPolicies_andTheCacheNoLongerAllowsIt() {
        String admin = tokenOf(ADMIN_EMAIL, ADMIN_PASSWORD);
        String hanEmail = unique("han");
        long han = http.signUp("Han", hanEmail, PASSWORD, "seller");
        String hanToken = tokenOf(hanEmail, PASSWORD);
        awaitSelfRead(han, hanToken); // han's policies are cached on authnsvc now, and allow
        assertThat(policiesInAuthzsvc(han, admin)).containsExactly(han + ":*:accounts:" + han);

        assertThat(http.delete("/v1/authnsvc/accounts/" + han, admin).getStatusCode().value()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(env.events(AccountDeleted.class)).extracting(CloudEvent::data).contains(new AccountDeleted(han));
            assertThat(env.events(AccountRevoked.class)).extracting(e -> e.data().accntId()).contains(han);
            assertThat(policiesInAuthzsvc(han, admin)).isEmpty();
        });
        // han's token, not yet expired, is refused outright (revoked), whatever the policy cache says.
        await().atMost(Duration.ofSeconds(1)).untilAsserted(() ->
                assertProblem(http.get("/v1/authnsvc/accounts/" + han, hanToken), 401));
        assertProblem(http.delete("/v1/authnsvc/accounts/" + han, hanToken), 401);
        assertProblem(http.get("/v1/authnsvc/accounts", hanToken), 401);
        assertThat(http.get("/v1/authnsvc/accounts/" + han, admin).getStatusCode().value()).isEqualTo(404);
    }

    /**
     * Item 7 of issue 10: a deleted administrator's still valid token stops working on authnsvc and
     * authzsvc (the services of this JVM; the others are in saga-tests) within 1 s of the deletion.
     */
    @Test
    void aDeletedAdministratorsTokenGets401OnAuthnsvcAndAuthzsvcWithinOneSecond_otherTokensStillWork() {
        String admin = tokenOf(ADMIN_EMAIL, ADMIN_PASSWORD);
        String email = unique("root");
        ResponseEntity<String> created = http.post("/v1/authnsvc/accounts",
                Map.of("name", "Root", "email", email, "password", PASSWORD, "role", "admin"), admin);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        long root = Http.json(created).get("id").asLong();
        String rootToken = tokenOf(email, PASSWORD);
        Http authz = new Http(authzPort());
        String authzRead = "/v1/authzsvc/policies?subject=" + root + "&resource_type=accounts";
        assertThat(http.get("/v1/authnsvc/accounts", rootToken).getStatusCode().value()).isEqualTo(200);
        assertThat(authz.get(authzRead, rootToken).getStatusCode().value()).isEqualTo(200);

        assertThat(http.delete("/v1/authnsvc/accounts/" + root, admin).getStatusCode().value()).isEqualTo(204);
        long deleted = System.nanoTime();

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            assertProblem(http.get("/v1/authnsvc/accounts", rootToken), 401);
            assertProblem(authz.get(authzRead, rootToken), 401);
        });
        System.out.printf("Revocation: the deleted administrator's token got 401 on authnsvc and authzsvc %d ms after"
                + " the deletion was answered%n", (System.nanoTime() - deleted) / 1_000_000);
        // Everyone else's tokens are untouched.
        assertThat(http.get("/v1/authnsvc/accounts", admin).getStatusCode().value()).isEqualTo(200);
        assertThat(authz.get(authzRead, admin).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void repeatedDenialsOfOneAccountAreReportedAsSuspicious() {
        String malloryEmail = unique("mallory");
        long mallory = http.signUp("Mallory", malloryEmail, PASSWORD, "customer");
        String token = tokenOf(malloryEmail, PASSWORD);
        for (long other = mallory + 1000; other < mallory + 1005; other++) {
            assertProblem(http.get("/v1/authnsvc/accounts/" + other, token), 403);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(env.events(SuspiciousActivity.class))
                .extracting(CloudEvent::data)
                .anySatisfy(s -> {
                    assertThat(s.accountId()).isEqualTo(mallory);
                    assertThat(s.resourceType()).isEqualTo("accounts");
                    assertThat(s.action()).isEqualTo("get");
                    assertThat(s.severity()).isEqualTo(SuspiciousActivity.Severity.MEDIUM);
                }));
    }

    @Test
    void whileAuthzsvcIsDown_anUncachedAccountGets503_aCachedOneIsStillServed_andAllRecoversAfter() {
        String ivyEmail = unique("ivy");
        long ivy = http.signUp("Ivy", ivyEmail, PASSWORD, "customer");
        String ivyToken = tokenOf(ivyEmail, PASSWORD);
        awaitSelfRead(ivy, ivyToken);

        String jonEmail = unique("jon");
        long jon;
        String jonToken;
        env.authz().stop();
        try {
            jon = http.signUp("Jon", jonEmail, PASSWORD, "customer"); // sign-up and login need no authzsvc
            jonToken = tokenOf(jonEmail, PASSWORD);
            for (ResponseEntity<String> refused : List.of(http.get("/v1/authnsvc/accounts/" + jon, jonToken),
                    http.get("/v1/authnsvc/accounts", jonToken), http.delete("/v1/authnsvc/accounts/" + jon, jonToken))) {
                assertProblem(refused, 503);
                assertThat(refused.getHeaders().getFirst("Retry-After")).isNotBlank();
            }
            // Within the staleness bound, a cached subject is decided from the cache.
            assertThat(http.get("/v1/authnsvc/accounts/" + ivy, ivyToken).getStatusCode().value()).isEqualTo(200);
            // An administrator needs no policies.
            assertThat(http.get("/v1/authnsvc/accounts/" + jon, tokenOf(ADMIN_EMAIL, ADMIN_PASSWORD))
                    .getStatusCode().value()).isEqualTo(200);
        } finally {
            env.authz().start(port);
        }
        // Back up, authzsvc takes the sign-up policy that waited on the bus, and jon reads himself.
        awaitSelfRead(jon, jonToken);
    }

    @Test
    void authnCallsAuthzsvcWithAServiceTokenItSignsItself() throws Exception {
        String token = serviceTokens.token();
        assertThat(serviceTokens.token()).as("cached").isSameAs(token);
        var claims = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("svc:authnsvc");
        assertThat(claims.getStringClaim("role")).isEqualTo("service");
        assertThat(claims.getAudience()).containsExactly("marketbus");
        ResponseEntity<String> policies = new Http(authzPort()).get("/v1/authzsvc/policies?subject=1&resource_type=accounts", token);
        assertThat(policies.getStatusCode().value()).isEqualTo(200);
        serviceTokens.invalidate();
        assertThat(serviceTokens.token()).isNotEqualTo(token);
    }

    static List<Long> ids(JsonNode accounts) {
        List<Long> ids = new ArrayList<>();
        accounts.forEach(a -> ids.add(a.get("id").asLong()));
        return ids;
    }

    int authzPort() {
        return URI.create(env.authz().url()).getPort();
    }

    /** The subject's account policies as authzsvc has them (asked as an administrator). */
    List<String> policiesInAuthzsvc(long subject, String adminToken) {
        ResponseEntity<String> response = new Http(authzPort())
                .get("/v1/authzsvc/policies?subject=" + subject + "&resource_type=accounts", adminToken);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        List<String> policies = new ArrayList<>();
        Http.json(response).get("policies").forEach(p -> policies.add(p.asString()));
        return policies;
    }

    @Test
    void aDeletedAccountCannotLogInNorRefresh() {
        String email = unique("gil");
        long id = http.signUp("Gil", email, PASSWORD, "customer");
        JsonNode tokens = http.login(email, PASSWORD);
        awaitSelfRead(id, tokens.get("access_token").asString());
        assertThat(http.delete("/v1/authnsvc/accounts/" + id, tokens.get("access_token").asString())
                .getStatusCode().value()).isEqualTo(204);

        ResponseEntity<String> login = http.post("/v1/authnsvc/login", Map.of("email", email, "password", PASSWORD), null);
        assertThat(login.getStatusCode().value()).isEqualTo(401);
        assertThat(http.post("/v1/authnsvc/refresh", Map.of("refresh_token", tokens.get("refresh_token").asString()), null)
                .getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void servicesGetServiceTokensWithTheirClientSecret_andTheClientCachesThem() throws Exception {
        String secret = "ordersvc-secret-for-tests-0123456789";
        ResponseEntity<String> json = http.post("/v1/authnsvc/service-tokens",
                Map.of("client_id", "ordersvc", "client_secret", secret), null);
        assertThat(json.getStatusCode().value()).isEqualTo(200);
        assertThat(json.getHeaders().getCacheControl()).isEqualTo("no-store");
        JsonNode answer = Http.json(json);
        assertThat(answer.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(answer.get("expires_in").asLong()).isEqualTo(300);
        assertThat(answer.has("refresh_token")).isFalse();
        var claims = com.nimbusds.jwt.SignedJWT.parse(answer.get("access_token").asString()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("svc:ordersvc");
        assertThat(claims.getStringClaim("role")).isEqualTo("service");

        ResponseEntity<String> form = http.postForm("/v1/authnsvc/service-tokens",
                "grant_type=client_credentials&client_id=ordersvc&client_secret=" + secret);
        assertThat(form.getStatusCode().value()).isEqualTo(200);
        assertThat(http.postForm("/v1/authnsvc/service-tokens", "grant_type=password&client_id=ordersvc&client_secret="
                + secret).getStatusCode().value()).isEqualTo(400);

        for (Map<String, String> wrong : List.of(Map.of("client_id", "ordersvc", "client_secret", secret + "x"),
                Map.of("client_id", "paymentsvc", "client_secret", secret), Map.of("client_id", "nobody", "client_secret", "x"))) {
            ResponseEntity<String> refused = http.post("/v1/authnsvc/service-tokens", wrong, null);
            assertThat(refused.getStatusCode().value()).isEqualTo(401);
            assertThat(refused.getHeaders().getContentType()).satisfies(t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
            assertThat(refused.getBody()).doesNotContain(secret);
        }

        ServiceTokens client = new ServiceTokens(ServiceTokens.defaultRestClient(),
                URI.create("http://127.0.0.1:" + port + "/v1/authnsvc/service-tokens"), "ordersvc", secret,
                Clock.systemUTC(), Duration.ofSeconds(30));
        String token = client.token();
        assertThat(client.token()).isSameAs(token);
        ResponseEntity<String> asService = http.get("/v1/authnsvc/accounts", token);
        assertThat(asService.getStatusCode().value()).isEqualTo(200);
        assertThat(Http.json(asService).size()).isZero(); // a service owns no account, and has no policies
        assertProblem(http.get("/v1/authnsvc/accounts/1", token), 403);
        client.invalidate();
        assertThat(client.token()).isNotEqualTo(token);
    }

    private String emailOf(long id, String adminToken) {
        return Http.json(http.get("/v1/authnsvc/accounts/" + id, adminToken)).get("email").asString();
    }
}
