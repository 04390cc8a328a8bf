package io.marketbus.harness;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Black-box HTTP access to a running system: nothing but its public API. */
public final class Api {

    /** The request header that makes a retried create safe (the services' IdempotentWrite). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final JsonMapper json = JsonMapper.builder().build();
    /** One client per base URL (a new one per call would make a new JDK HttpClient every time); with timeouts. */
    private static final java.util.concurrent.ConcurrentMap<String, RestClient> clients =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final RunningSystem system;

    public Api(RunningSystem system) {
        this.system = system;
    }

    public record Reply(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String text(String field) {
            return body.path(field).asString("");
        }
    }

    public Reply call(String baseUrl, String method, String path, Object body, String token) {
        return call(baseUrl, method, path, body, token, null);
    }

    /**
     * One request; with an {@code idempotencyKey} (not null) it is sent as the {@code Idempotency-Key}
     * header, so that sending it again after a lost answer creates nothing more.
     */
    public Reply call(String baseUrl, String method, String path, Object body, String token, String idempotencyKey) {
        RestClient.RequestBodySpec request = client(baseUrl).method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(path).accept(MediaType.APPLICATION_JSON);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header(IDEMPOTENCY_KEY, idempotencyKey);
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body instanceof String s ? s : json.writeValueAsString(body));
        }
        return request.exchange((req, res) -> {
            byte[] bytes = res.getBody().readAllBytes();
            HttpStatusCode status = res.getStatusCode();
            return new Reply(status.value(), bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes));
        });
    }


    private static RestClient client(String baseUrl) {
        return clients.computeIfAbsent(baseUrl, url -> {
            org.springframework.http.client.JdkClientHttpRequestFactory factory =
                    new org.springframework.http.client.JdkClientHttpRequestFactory(java.net.http.HttpClient.newBuilder()
                            .version(java.net.http.HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(3)).build());
            factory.setReadTimeout(Duration.ofSeconds(60));
            return RestClient.builder().baseUrl(url).requestFactory(factory).build();
        });
    }

    public Reply get(String service, String path, String token) {
        return call(system.url(service), "GET", path, null, token);
    }

    public Reply post(String service, String path, Object body, String token) {
        return call(system.url(service), "POST", path, body, token);
    }

    /** A create sent with its {@code Idempotency-Key}: each retry of one create passes the same key. */
    public Reply post(String service, String path, Object body, String token, String idempotencyKey) {
        return call(system.url(service), "POST", path, body, token, idempotencyKey);
    }

    /** A fresh key for one create (orders, recharges, merchants, products), reused by all its retries. */
    public static String newIdempotencyKey() {
        return java.util.UUID.randomUUID().toString();
    }

    /**
     * Waits (up to 20 s) until authzsvc has the grant of {@code action} on every {@code type} that a
     * service makes in reaction to {@code token}'s sign-up (event-account-created): that service
     * has then committed it and honours it on every instance. Nothing else is ever waited for: what
     * a caller creates is theirs from the next request on, and a 403 there is a failure.
     */
    public void awaitSignUpGrant(String token, String action, String type) {
        long account = accountOf(token);
        String policy = account + ":" + action + ":" + type + ":*";
        String admin = admin();
        await(policy).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                get("authzsvc", "/v1/authzsvc/policies?subject=" + account, admin).body().path("policies").values()
                        .stream().anyMatch(p -> p.asString().equals(policy)));
    }

    public String signUpAndLogIn(String name, String role) {
        String email = name.toLowerCase().replace(' ', '.') + "." + System.nanoTime() + "@system.test";
        Reply created = whenNotBusy(() -> post("authnsvc", "/v1/authnsvc/accounts",
                Map.of("name", name, "email", email, "password", "long-enough-password", "role", role), null));
        if (!created.ok()) {
            throw new IllegalStateException("sign-up: " + created);
        }
        return logIn(email, "long-enough-password");
    }

    public String logIn(String email, String password) {
        Reply login = whenNotBusy(() -> post("authnsvc", "/v1/authnsvc/login", Map.of("email", email, "password", password), null));
        if (!login.ok()) {
            throw new IllegalStateException("login: " + login);
        }
        return login.text("access_token");
    }

    /**
     * authnsvc hashes only a few passwords at a time and answers 503 with Retry-After beyond that:
     * a well-behaved client comes back (for up to 30 s), as the callers of a loaded system do.
     */
    private static Reply whenNotBusy(java.util.function.Supplier<Reply> send) {
        Reply[] reply = new Reply[1];
        await("authnsvc not busy").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                .until(() -> (reply[0] = send.get()).status() != 503);
        return reply[0];
    }

    public String admin() {
        return logIn(RunningSystem.ADMIN_EMAIL, RunningSystem.ADMIN_PASSWORD);
    }

    public static long accountOf(String token) {
        return json.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("sub").asLong();
    }
}
