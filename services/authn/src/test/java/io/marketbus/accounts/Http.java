package io.marketbus.accounts;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP to the service under test; answers are returned whatever their status. */
public final class Http {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient client;

    public Http(int port) {
        this.client = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(s -> true, (request, response) -> {})
                .build();
    }

    public ResponseEntity<String> post(String path, Object body, String token) {
        RestClient.RequestBodySpec spec = client.post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return (body instanceof String raw ? spec.body(raw) : spec.body(body)).retrieve().toEntity(String.class);
    }

    public ResponseEntity<String> postForm(String path, String form) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form)
                .retrieve().toEntity(String.class);
    }

    public ResponseEntity<String> get(String path, String token) {
        RestClient.RequestHeadersSpec<?> spec = client.get().uri(path);
        if (token != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return spec.retrieve().toEntity(String.class);
    }

    public ResponseEntity<String> delete(String path, String token) {
        RestClient.RequestHeadersSpec<?> spec = client.delete().uri(path);
        if (token != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return spec.retrieve().toEntity(String.class);
    }

    public static JsonNode json(ResponseEntity<String> response) {
        return JSON.readTree(response.getBody() == null ? "null" : response.getBody());
    }

    /** Signs up; returns the new account's id. */
    public long signUp(String name, String email, String password, String role) {
        ResponseEntity<String> response = post("/v1/authnsvc/accounts",
                Map.of("name", name, "email", email, "password", password, "role", role), null);
        if (response.getStatusCode().value() != 201) {
            throw new AssertionError("Sign-up failed: " + response);
        }
        return json(response).get("id").asLong();
    }

    /** Logs in; returns the token answer. */
    public JsonNode login(String email, String password) {
        ResponseEntity<String> response = post("/v1/authnsvc/login", Map.of("email", email, "password", password), null);
        if (response.getStatusCode().value() != 200) {
            throw new AssertionError("Login failed: " + response);
        }
        return json(response);
    }
}
