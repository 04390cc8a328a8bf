package io.marketbus.harness.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP fuzz of every endpoint of the five services, with valid tokens of the right role: broken and
 * wrong-typed bodies, missing and unknown fields, 1 MB+ bodies, invalid UUIDs and ids, negative
 * quantities, invalid money, unicode and control characters, bad pagination, wrong content types.
 * Never a 5xx; and around each request a snapshot of the business state, which a rejected request
 * must leave as it was.
 */
public final class Fuzz {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final Sandbox sandbox;
    private final SystemChecks checks;
    private final Shop shop;
    private final Figures figures;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    public Fuzz(Sandbox sandbox, SystemChecks checks, Shop shop, Figures figures) {
        this.sandbox = sandbox;
        this.checks = checks;
        this.shop = shop;
        this.figures = figures;
    }

    /** Runs the cases; 5xx answers and state changes of rejected requests are violations. */
    public void run(boolean full) {
        Shop.Customer customer = shop.customers().getFirst();
        tokens.put("customer", customer.token());
        tokens.put("seller", shop.seller().token());
        tokens.put("admin", sandbox.api().admin());
        tokens.put("none", null);
        String product = shop.products().getFirst().id();
        List<FuzzCase> cases = FuzzCases.all(full, shop.merchantId(), product);
        figures.put("fuzz requests", cases.size());
        coverage(cases);

        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> accepted = new ArrayList<>();
        int serverErrors = 0;
        int changedState = 0;
        for (FuzzCase c : cases) {
            Map<String, String> before = checks.snapshot();
            HttpResponse<String> response = send(c);
            int status = response == null ? 0 : response.statusCode();
            byStatus.merge(status, 1, Integer::sum);
            String answer = response == null ? "(no answer)" : excerpt(response.body());
            if (status >= 500 || status == 0) {
                serverErrors++;
                figures.violation(status + " for " + c + " -> " + answer);
            }
            if (status >= 200 && status < 300) {
                accepted.add(c.method() + " " + c.template() + " [" + c.label() + "] " + status);
                // Accepted requests may change things, also later through the bus: let that settle before the next one.
                SystemChecks.Quiet quiet = checks.awaitQuiet(Duration.ofSeconds(30));
                if (!quiet.quiet()) {
                    figures.violation("not quiet 30 s after " + c + ": " + quiet);
                }
                continue;
            }
            List<String> differences = SystemChecks.differences(before, checks.snapshot());
            if (!differences.isEmpty()) {
                changedState++;
                figures.violation("rejected (" + status + ") but changed " + differences + ": " + c);
            }
        }
        figures.put("fuzz answers by status", byStatus);
        figures.put("fuzz 5xx or no answer", serverErrors);
        figures.put("fuzz rejected requests that changed state", changedState);
        figures.put("fuzz accepted (2xx) requests", accepted.size());
        // Accepted requests are allowed (they were valid after all); the ones that change something are shown for review.
        accepted.stream().filter(a -> !a.startsWith("GET ")).limit(60).forEach(a -> figures.say("  accepted: " + a));
    }

    /** Compares the endpoints fuzzed with each service's /v3/api-docs. */
    private void coverage(List<FuzzCase> cases) {
        Set<String> fuzzed = new LinkedHashSet<>();
        cases.forEach(c -> fuzzed.add(c.method() + " " + c.template()));
        Set<String> documented = new LinkedHashSet<>();
        for (String service : Sandbox.SERVICES) {
            HttpResponse<String> docs = send(new FuzzCase(service, "GET", "/v3/api-docs", "/v3/api-docs", null, null, "none", "docs"));
            if (docs == null || docs.statusCode() != 200) {
                figures.say(service + " /v3/api-docs answered " + (docs == null ? "nothing" : docs.statusCode()));
                continue;
            }
            JsonNode paths = json.readTree(docs.body()).path("paths");
            for (Map.Entry<String, JsonNode> path : paths.properties()) {
                for (Iterator<String> methods = path.getValue().propertyNames().iterator(); methods.hasNext(); ) {
                    documented.add(methods.next().toUpperCase() + " " + path.getKey());
                }
            }
        }
        Set<String> missing = new LinkedHashSet<>(documented);
        missing.removeAll(fuzzed);
        figures.put("endpoints in /v3/api-docs", documented.size());
        figures.put("endpoints fuzzed", fuzzed.size());
        figures.put("documented endpoints not fuzzed", missing);
        if (!missing.isEmpty()) {
            figures.violation("endpoints in /v3/api-docs that the fuzz does not cover: " + missing);
        }
    }

    private HttpResponse<String> send(FuzzCase c) {
        String base = sandbox.system().url(c.service());
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + c.path())).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json, application/problem+json");
            String token = tokens.get(c.role());
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (c.contentType() != null) {
                request.header("Content-Type", c.contentType());
            }
            request.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(c.body()));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | IllegalArgumentException e) {
            figures.say("no answer to " + c + ": " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
