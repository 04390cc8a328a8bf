package io.marketbus.testkit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Stands in for the authentication service in other services' tests: an ES256 key, its JWKS served
 * over real HTTP on a free port, and access tokens shaped like authnsvc's. Verification in the
 * service under test is the production path (JWKS over HTTP), not a mock.
 */
public final class TestTokens implements AutoCloseable {

    public static final String ISSUER = "marketbus-authn";
    public static final String AUDIENCE = "marketbus";

    private final ECKey key;
    private final HttpServer server;

    private TestTokens() throws Exception {
        this.key = new ECKeyGenerator(Curve.P_256).keyID("test-" + UUID.randomUUID()).generate();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        // Client credentials, as authnsvc's service-token endpoint: any client id gets a service token.
        server.createContext("/v1/authnsvc/service-tokens", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"client_id\"\\s*:\\s*\"([^\"]+)\"").matcher(request);
            byte[] body = id.find()
                    ? ("{\"access_token\":\"" + token("svc:" + id.group(1), "service")
                            + "\",\"token_type\":\"Bearer\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(id.find(0) ? 200 : 400, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Where a service under test gets its service token ({@code marketbus.security.token-uri}). */
    public String tokenUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/authnsvc/service-tokens";
    }

    public static TestTokens start() throws Exception {
        return new TestTokens();
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    /** A valid access token for {@code subject} with {@code role}. */
    public String token(String subject, String role) {
        return sign(subject, role, Instant.now().plus(Duration.ofMinutes(5)), key);
    }

    public String expired(String subject, String role) {
        return sign(subject, role, Instant.now().minus(Duration.ofMinutes(5)), key);
    }

    /** Signed by a key the JWKS does not publish. */
    public String signedByStranger(String subject, String role) throws Exception {
        return sign(subject, role, Instant.now().plus(Duration.ofMinutes(5)),
                new ECKeyGenerator(Curve.P_256).keyID(key.getKeyID()).generate());
    }

    private static String sign(String subject, String role, Instant expiry, ECKey signingKey) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(ISSUER).audience(List.of(AUDIENCE)).subject(subject).claim("role", role)
                    .issueTime(Date.from(Instant.now().minusSeconds(5))).expirationTime(Date.from(expiry))
                    .jwtID(UUID.randomUUID().toString()).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(signingKey));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
