package io.marketbus.accounts.tokens;

import static io.marketbus.accounts.AuthnTestEnvironment.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.marketbus.accounts.AuthnTestEnvironment;
import io.marketbus.accounts.AuthnsvcUnderTest;
import io.marketbus.accounts.Http;
import io.marketbus.accounts.MutableClock;
import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.events.AccountAuthenticated;
import io.marketbus.contract.events.SuspiciousActivity;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Tokens over real HTTP: what a standard JOSE library sees, rotation, reuse detection, refusals. */
@AuthnsvcUnderTest
@Import(MutableClock.Config.class)
class TokensIntegrationTests {

    // Accepted tokens are told by a self-read, which the account's policy in authzsvc allows.
    static final AuthnTestEnvironment env = AuthnTestEnvironment.startWithAuthz("authnsvc");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    Http http;
    String email;
    long id;

    @BeforeEach
    void account() {
        http = new Http(port);
        env.authz().start(port);
        email = "t-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        id = http.signUp("T", email, PASSWORD, "customer");
        // The account's own policy reaches authnsvc's cache by events: wait for it once.
        String token = http.login(email, PASSWORD).get("access_token").asString();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(25))
                .until(() -> status(token) == 200);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    JWKSet jwks() throws Exception {
        return JWKSet.load(URI.create("http://127.0.0.1:" + port + "/.well-known/jwks.json").toURL());
    }

    @Autowired
    SigningKeys keys;

    String signedByUs(JWTClaimsSet claims) throws Exception {
        ECKey key = keys.signingKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    int status(String token) {
        return http.get("/v1/authnsvc/accounts/" + id, token).getStatusCode().value();
    }

    @Test
    void loginGivesAnEs256TokenThatNimbusVerifiesWithTheJwksFetchedOverHttp() throws Exception {
        ResponseEntity<String> response = http.post("/v1/authnsvc/login", Map.of("email", email, "password", PASSWORD), null);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getCacheControl()).isEqualTo("no-store");
        assertThat(response.getBody()).doesNotContain(PASSWORD);
        JsonNode answer = Http.json(response);
        assertThat(answer.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(answer.get("expires_in").asLong()).isEqualTo(600);
        assertThat(Base64URL.from(answer.get("refresh_token").asString()).decode()).hasSize(32);

        SignedJWT jwt = SignedJWT.parse(answer.get("access_token").asString());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        ECKey key = jwks().getKeyByKeyId(jwt.getHeader().getKeyID()).toECKey();
        assertThat(key.isPrivate()).isFalse();
        assertThat(key.getCurve()).isEqualTo(Curve.P_256);
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("marketbus-authn");
        assertThat(claims.getAudience()).containsExactly("marketbus");
        assertThat(claims.getSubject()).isEqualTo(Long.toString(id));
        assertThat(claims.getStringClaim("role")).isEqualTo("customer");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(status(answer.get("access_token").asString())).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(env.events(AccountAuthenticated.class))
                .extracting(CloudEvent::data).contains(new AccountAuthenticated(id)));
    }

    @Test
    void aRefreshTokenWorksOnce_presentingItAgainRevokesTheFamilyAndRaisesTheAlarm() {
        JsonNode first = http.login(email, PASSWORD);
        String r1 = first.get("refresh_token").asString();

        ResponseEntity<String> rotated = http.post("/v1/authnsvc/refresh", Map.of("refresh_token", r1), null);
        assertThat(rotated.getStatusCode().value()).isEqualTo(200);
        JsonNode second = Http.json(rotated);
        String r2 = second.get("refresh_token").asString();
        assertThat(r2).isNotEqualTo(r1);
        assertThat(status(second.get("access_token").asString())).isEqualTo(200);

        ResponseEntity<String> reused = http.post("/v1/authnsvc/refresh", Map.of("refresh_token", r1), null);
        assertThat(reused.getStatusCode().value()).isEqualTo(401);
        assertThat(reused.getHeaders().getContentType()).satisfies(t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
        // The whole family is gone: the newest token too.
        assertThat(http.post("/v1/authnsvc/refresh", Map.of("refresh_token", r2), null).getStatusCode().value())
                .isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(env.events(SuspiciousActivity.class))
                .extracting(CloudEvent::data)
                .anySatisfy(s -> {
                    assertThat(s.accountId()).isEqualTo(id);
                    assertThat(s.severity()).isEqualTo(SuspiciousActivity.Severity.HIGH);
                    assertThat(s.action()).isEqualTo("refresh");
                }));

        // Another login starts a new family, unaffected.
        JsonNode fresh = http.login(email, PASSWORD);
        assertThat(http.post("/v1/authnsvc/refresh", Map.of("refresh_token", fresh.get("refresh_token").asString()), null)
                .getStatusCode().value()).isEqualTo(200);
        assertThat(http.post("/v1/authnsvc/refresh", Map.of("refresh_token", "made-up"), null).getStatusCode().value())
                .isEqualTo(401);
    }

    @Test
    void logoutRevokesTheFamily_andRefreshTokensExpire() {
        String r1 = http.login(email, PASSWORD).get("refresh_token").asString();
        String r2 = Http.json(http.post("/v1/authnsvc/refresh", Map.of("refresh_token", r1), null))
                .get("refresh_token").asString();
        assertThat(http.post("/v1/authnsvc/logout", Map.of("refresh_token", r2), null).getStatusCode().value())
                .isEqualTo(204);
        assertThat(http.post("/v1/authnsvc/refresh", Map.of("refresh_token", r2), null).getStatusCode().value())
                .isEqualTo(401);
        assertThat(http.post("/v1/authnsvc/logout", Map.of("refresh_token", "unknown"), null).getStatusCode().value())
                .isEqualTo(204);

        String r3 = http.login(email, PASSWORD).get("refresh_token").asString();
        clock.advance(Duration.ofDays(15));
        assertThat(http.post("/v1/authnsvc/refresh", Map.of("refresh_token", r3), null).getStatusCode().value())
                .isEqualTo(401);
    }

    @Test
    void tamperedExpiredUnsignedOrForeignTokensAre401() throws Exception {
        String good = http.login(email, PASSWORD).get("access_token").asString();
        assertThat(status(good)).isEqualTo(200);
        SignedJWT parsed = SignedJWT.parse(good);
        JWTClaimsSet claims = parsed.getJWTClaimsSet();

        // Payload changed (role admin), signature kept.
        JWTClaimsSet escalated = new JWTClaimsSet.Builder(claims).claim("role", "admin").build();
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + Base64URL.encode(escalated.toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        // alg: none.
        String unsigned = new PlainJWT(claims).serialize();
        // HS256 with a made-up secret, and ES256 with a foreign key claiming our kid.
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(parsed.getHeader().getKeyID()).build(), claims);
        hmac.sign(new MACSigner("a-made-up-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8)));
        ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID(parsed.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(foreign.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        forged.sign(new ECDSASigner(foreign));
        // Signed with our own key, but for another audience, by another issuer, or without a subject.
        String otherAudience = signedByUs(new JWTClaimsSet.Builder(claims).audience("elsewhere").build());
        String otherIssuer = signedByUs(new JWTClaimsSet.Builder(claims).issuer("someone-else").build());
        String noSubject = signedByUs(new JWTClaimsSet.Builder(claims).subject(null).build());
        assertThat(status(signedByUs(claims))).isEqualTo(200);
        for (String token : List.of(tampered, unsigned, hmac.serialize(), forged.serialize(), "garbage", good + "x",
                otherAudience, otherIssuer, noSubject)) {
            ResponseEntity<String> response = http.get("/v1/authnsvc/accounts/" + id, token);
            assertThat(response.getStatusCode().value()).as(token).isEqualTo(401);
            assertThat(response.getHeaders().getContentType()).satisfies(t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
        }

        // Issued an hour ago: expired now.
        clock.advance(Duration.ofMinutes(-70));
        String old = http.login(email, PASSWORD).get("access_token").asString();
        clock.reset();
        assertThat(SignedJWT.parse(old).getJWTClaimsSet().getExpirationTime()).isBefore(new Date());
        assertThat(status(old)).isEqualTo(401);
        // An invalid token is refused on a public path too (it is never ignored).
        assertThat(http.post("/v1/authnsvc/accounts", Map.of("name", "Z", "email", "z-" + id + "@example.com",
                "password", PASSWORD, "role", "customer"), tampered).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void rotatedKeysSignNewTokens_whileTokensOfThePreviousKeyStayValidUntilTheyExpire() throws Exception {
        String admin = http.login("admin@marketbus.local", "admin-password-for-tests").get("access_token").asString();
        String before = http.login(email, PASSWORD).get("access_token").asString();
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

        assertThat(http.post("/v1/authnsvc/signing-keys", Map.of(), http.login(email, PASSWORD).get("access_token")
                .asString()).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<String> rotated = http.post("/v1/authnsvc/signing-keys", Map.of(), admin);
        assertThat(rotated.getStatusCode().value()).isEqualTo(201);
        String newKid = Http.json(rotated).get("kid").asString();
        assertThat(newKid).isNotEqualTo(oldKid);

        String after = http.login(email, PASSWORD).get("access_token").asString();
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid);
        assertThat(jwks().getKeys()).extracting(k -> k.getKeyID()).contains(oldKid, newKid);
        assertThat(jwks().getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(status(before)).isEqualTo(200);
        assertThat(status(after)).isEqualTo(200);
        JsonNode keys = Http.json(http.get("/v1/authnsvc/signing-keys", admin));
        assertThat(keys.findValuesAsString("kid")).contains(oldKid, newKid);
        assertThat(keys.toString()).doesNotContain("\"d\"");

        // Once every token of the old key has expired, the key leaves the JWKS.
        clock.advance(Duration.ofMinutes(12));
        assertThat(jwks().getKeys()).extracting(k -> k.getKeyID()).contains(newKid).doesNotContain(oldKid);
    }
}
