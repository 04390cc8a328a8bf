package io.marketbus.launcher;

import io.marketbus.contract.ServiceName;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client of the five services' public APIs, for the demo and the load harness. */
final class MarketbusClient {

    private static final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> baseUrls;

    /** @param baseUrls service bus name → base URL, e.g. {@code ordersvc → http://127.0.0.1:8083} */
    MarketbusClient(Map<String, String> baseUrls) {
        this.baseUrls = baseUrls;
    }

    /**
     * The services of a system on this machine: {@code marketbus.<service>.url} (MARKETBUS_ORDER_URL,
     * say) when set, else the port of a whole-system run.
     */
    static MarketbusClient local(LaunchSettings settings) {
        Map<String, String> urls = new java.util.HashMap<>();
        for (ServiceName service : ServiceName.values()) {
            String url = settings.property("marketbus." + service.name().toLowerCase(java.util.Locale.ROOT) + ".url");
            urls.put(service.busName(), url != null ? url : settings.localUrl(service));
        }
        return new MarketbusClient(Map.copyOf(urls));
    }

    record Response(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String text(String field) {
            return body.path(field).asString("");
        }
    }

    Response get(String service, String path, String token) {
        return send(service, "GET", path, null, token);
    }

    Response post(String service, String path, Object body, String token) {
        return send(service, "POST", path, body, token);
    }

    /** A create that may be sent again: every try carries the same {@code Idempotency-Key}. */
    Response post(String service, String path, Object body, String token, String idempotencyKey) {
        return send(service, "POST", path, body, token, idempotencyKey);
    }

    Response put(String service, String path, Object body, String token) {
        return send(service, "PUT", path, body, token);
    }

    Response send(String service, String method, String path, Object body, String token) {
        return send(service, method, path, body, token, null);
    }

    Response send(String service, String method, String path, Object body, String token, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrls.get(service) + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : json.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node = response.body() == null || response.body().isBlank()
                    ? json.createObjectNode() : json.readTree(response.body());
            return new Response(response.statusCode(), node);
        } catch (java.net.ConnectException e) {
            throw new SystemUnavailable(service + " does not answer at " + baseUrls.get(service) + ": " + SystemUnavailable.HOW_TO_START);
        } catch (IOException e) {
            throw new IllegalStateException(service + " did not answer " + method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs up (ignoring "exists") and logs in; returns the access token. */
    String signUpAndLogIn(String name, String email, String password, String role) {
        Response created = post("authnsvc", "/v1/authnsvc/accounts",
                Map.of("name", name, "email", email, "password", password, "role", role), null);
        if (!created.ok() && created.status() != 409) {
            throw new IllegalStateException("Sign-up of " + email + " failed: " + created.status() + " " + created.body());
        }
        return logIn(email, password);
    }

    String logIn(String email, String password) {
        Response login = post("authnsvc", "/v1/authnsvc/login", Map.of("email", email, "password", password), null);
        if (!login.ok()) {
            throw new IllegalStateException("Login of " + email + " failed: " + login.status() + " " + login.body());
        }
        return login.text("access_token");
    }

    /** Account id (the token's subject) of an access token. */
    static long accountOf(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        return Long.parseLong(json.readTree(payload).path("sub").asString());
    }
}
