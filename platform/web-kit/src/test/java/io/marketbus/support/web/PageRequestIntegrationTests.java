package io.marketbus.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link PageRequest} parameter answers over HTTP exactly as the two {@code @RequestParam}s every
 * list endpoint used to declare: same pages, same 400 problems (same detail, in the caller's language).
 */
@SpringBootTest(classes = PageRequestIntegrationTests.Lists.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PageRequestIntegrationTests {

    static final List<String> QUERIES = List.of("", "page=1&size=5", "page=100000&size=100", "page=-1", "size=0",
            "size=101", "page=100001", "page=-1&size=1000", "page=abc", "size=1.5", "page=", "size=", "page=%20",
            "page=%201", "page=1&page=2", "page=0x10", "size=99999999999", "page=1e3", "unknown=1&size=3");

    @Value("${local.server.port}")
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersAsTheRequestParametersDid() throws Exception {
        for (String language : List.of("en", "de")) {
            for (String query : QUERIES) {
                HttpResponse<String> before = get("/before?" + query, language);
                HttpResponse<String> now = get("/now?" + query, language);
                String what = query + " (" + language + ")";
                assertThat(now.statusCode()).as(what).isEqualTo(before.statusCode());
                assertThat(now.headers().firstValue("Content-Type")).as(what).isEqualTo(before.headers().firstValue("Content-Type"));
                assertThat(now.body().replace("/now", "/before")).as(what).isEqualTo(before.body());
            }
        }
        assertThat(get("/now?page=2&size=5", "en").body()).isEqualTo("{\"items\":[],\"page\":2,\"size\":5,\"total\":0}");
        assertThat(get("/now?page=-1&size=0", "en").body())
                .contains("Invalid parameters: [must be greater than or equal to 0, must be greater than or equal to 1]");
    }

    @Test
    void theApiDocsShowTheSameQueryParameters() throws Exception {
        JsonNode docs = JsonMapper.builder().build().readTree(get("/v3/api-docs", "en").body());
        JsonNode before = docs.at("/paths/~1before/get/parameters");
        assertThat(before.size()).isEqualTo(2);
        assertThat(docs.at("/paths/~1now/get/parameters")).isEqualTo(before);
    }

    private HttpResponse<String> get(String path, String language) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept-Language", language).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootApplication
    @RestController
    static class Lists {

        /** How every list endpoint declared its paging before {@link PageRequest}. */
        @GetMapping("/before")
        Page<String> before(@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
            return new Page<>(List.of(), page, size, 0);
        }

        @GetMapping("/now")
        Page<String> now(PageRequest page) {
            return page.empty();
        }
    }
}
