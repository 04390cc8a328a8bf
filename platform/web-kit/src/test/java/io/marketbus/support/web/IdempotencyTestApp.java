package io.marketbus.support.web;

import io.marketbus.contract.Money;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A small service for the idempotency tests: things created in its PostgreSQL schema by an
 * {@link IdempotentWrite} endpoint, the caller named by a header (standing for the token's subject).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(IdempotencyTestApp.Things.class)
class IdempotencyTestApp {

    static final String CALLER = "X-Test-Caller";

    /** Creating a thing named {@code gated...} waits for this gate, inside its transaction. */
    static volatile CountDownLatch gate = new CountDownLatch(0);
    static volatile CountDownLatch atGate = new CountDownLatch(0);
    static final AtomicInteger calls = new AtomicInteger();

    static void createTable(DataSource dataSource) {
        JdbcClient.create(dataSource).sql("""
                create table things (id uuid primary key, name varchar(100) not null, price numeric(12, 2) not null,
                                     created_at timestamp with time zone not null)""").update();
    }

    @Bean
    OncePerRequestFilter testCaller() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String caller = request.getHeader(CALLER);
                if (caller != null) {
                    SecurityContextHolder.getContext().setAuthentication(
                            UsernamePasswordAuthenticationToken.authenticated(caller, "n/a", List.of()));
                }
                try {
                    chain.doFilter(request, response);
                } finally {
                    SecurityContextHolder.clearContext();
                }
            }
        };
    }

    record NewThing(@NotBlank String name, @NotBlank String price) {}

    record Thing(UUID id, String name, Money price, OffsetDateTime createdAt) {}

    @RestController
    static class Things {
        private final JdbcClient jdbc;

        Things(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @IdempotentWrite
        @PostMapping("/things")
        ResponseEntity<Thing> create(@Valid @RequestBody NewThing request) throws InterruptedException {
            return ResponseEntity.created(URI.create("/things/x")).body(insert(request));
        }

        /** The same, on another path of its own. */
        @IdempotentWrite
        @PostMapping("/shelves/{shelf}/things")
        ResponseEntity<Thing> shelve(@PathVariable String shelf, @Valid @RequestBody NewThing request) throws InterruptedException {
            return ResponseEntity.created(URI.create("/shelves/" + shelf + "/things/x")).body(insert(request));
        }

        /** Without the annotation: the header means nothing here. */
        @PostMapping("/plain-things")
        ResponseEntity<Thing> plain(@Valid @RequestBody NewThing request) throws InterruptedException {
            return ResponseEntity.status(201).body(insert(request));
        }

        private Thing insert(NewThing request) throws InterruptedException {
            calls.incrementAndGet();
            Thing thing = new Thing(UUID.randomUUID(), request.name(), Money.of(request.price()),
                    OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
            jdbc.sql("insert into things (id, name, price, created_at) values (?, ?, ?, ?)")
                    .params(thing.id(), thing.name(), thing.price().amount(), thing.createdAt()).update();
            if (request.name().startsWith("refused")) {
                throw ProblemException.conflict("refused after the insert: it rolls back");
            }
            if (request.name().startsWith("gated")) {
                atGate.countDown();
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            }
            return ResponseEntity.ok(thing).getBody();
        }
    }

    /** Real HTTP to the app. */
    static final class Client {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final int port;

        Client(int port) {
            this.port = port;
        }

        HttpResponse<String> post(String path, String caller, String key, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header(CALLER, caller)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (key != null) {
                request.header(IdempotentWrite.HEADER, key);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
