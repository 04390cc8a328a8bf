package io.marketbus.harness.reliability;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
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
    private static final String HUGE = "x".repeat(1_200_000);

    /**
     * @param template the endpoint as in /v3/api-docs, e.g. {@code POST /v1/ordersvc/orders/{id}/cancel}
     */
    public record Case(String service, String method, String template, String path, String contentType, byte[] body,
                       String role, String label) {
        @Override
        public String toString() {
            String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            return service + " " + method + " " + (path.length() > 160 ? path.substring(0, 160) + "…(" + path.length() + " chars)" : path)
                    + " [" + label + "]" + (body == null ? "" : " body " + (body.length > 160 ? shown + "…(" + body.length + " bytes)" : shown));
        }
    }

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
        List<Case> cases = cases(full, shop.merchantId(), product);
        figures.put("fuzz requests", cases.size());
        coverage(cases);

        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> accepted = new ArrayList<>();
        int serverErrors = 0;
        int changedState = 0;
        for (Case c : cases) {
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
    private void coverage(List<Case> cases) {
        Set<String> fuzzed = new LinkedHashSet<>();
        cases.forEach(c -> fuzzed.add(c.method() + " " + c.template()));
        Set<String> documented = new LinkedHashSet<>();
        for (String service : Sandbox.SERVICES) {
            HttpResponse<String> docs = send(new Case(service, "GET", "/v3/api-docs", "/v3/api-docs", null, null, "none", "docs"));
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

    private HttpResponse<String> send(Case c) {
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

    // --- the cases ----------------------------------------------------------------------------------

    /** Values that are wrong for most fields: types, unicode and control characters, sizes, injections. */
    private static List<Object> generic(boolean full) {
        List<Object> values = new ArrayList<>(List.of(12345, true, List.of(1, 2), Map.of("nested", "object"), "",
                "Zoë ✓ 中文 \u202e\u200b 🚀", "\u0000\u0001\u0007\n\r\t\u001b[31m", "x".repeat(10_000)));
        if (full) {
            values.addAll(List.of(-1, 1.5, " ", "' or 1=1 --", "<script>alert(1)</script>", "\ud800", "%00%0a", "null",
                    Long.MAX_VALUE, "9".repeat(400)));
        }
        return values;
    }

    private static final List<Object> MONEY = List.of("1.001", 1.5, "-3.00", "0.00", "1e3", "NaN", "Infinity", "1,00",
            "99999999999.00", "1000000.01", " 1.00", "1.00 ", "１.００", 100, "0.1", ".50", "+1.00", "01.00");
    private static final List<Object> COUNT = List.of(-1, -2147483648, 1.5, 2147483648L, 1e10, 1_000_001, "many", "-3",
            "1e2", Double.NaN);
    private static final List<Object> UUIDS = List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g",
            "00000000000000000000000000000000x", "{" + UUID.randomUUID() + "}", 123, "\u0000");
    private static final List<Object> POLICY_PART = List.of("a:b", "a b", "x".repeat(200), "\u0000", "*:*", "ü\u0007", "");

    private List<Case> cases(boolean full, String merchant, String product) {
        List<Case> cases = new ArrayList<>();
        String order = UUID.randomUUID().toString();
        // authnsvc
        body(cases, full, "authnsvc", "POST", "/v1/authnsvc/accounts", "/v1/authnsvc/accounts", "none",
                ordered("name", "Fuzzy", "email", "fuzzy@reliability.test", "password", "short", "role", "customer"),
                Map.of("email", List.of("not-an-email", "a@", "x".repeat(250) + "@example.com", "fuzz@@x"),
                        "password", List.of("short", "x".repeat(129)),
                        "role", List.of("superuser", "ADMIN", "service", "admin")));
        body(cases, full, "authnsvc", "POST", "/v1/authnsvc/login", "/v1/authnsvc/login", "none",
                ordered("email", "x".repeat(300), "password", "whatever-password"), Map.of());
        body(cases, full, "authnsvc", "POST", "/v1/authnsvc/refresh", "/v1/authnsvc/refresh", "none",
                ordered("refresh_token", "x".repeat(200)), Map.of());
        body(cases, full, "authnsvc", "POST", "/v1/authnsvc/logout", "/v1/authnsvc/logout", "none",
                ordered("refresh_token", "x".repeat(200)), Map.of());
        body(cases, full, "authnsvc", "POST", "/v1/authnsvc/service-tokens", "/v1/authnsvc/service-tokens", "none",
                ordered("client_id", "x".repeat(65), "client_secret", "nope", "grant_type", "password"), Map.of());
        cases.add(new Case("authnsvc", "POST", "/v1/authnsvc/service-tokens", "/v1/authnsvc/service-tokens",
                "application/x-www-form-urlencoded", utf8("client_id=%00&client_secret=&grant_type=%E2%9C%93"), "none", "form, bad values"));
        cases.add(new Case("authnsvc", "POST", "/v1/authnsvc/service-tokens", "/v1/authnsvc/service-tokens",
                "application/x-www-form-urlencoded", utf8("client_id=" + "a".repeat(1_200_000)), "none", "form, 1.2 MB"));
        query(cases, full, "authnsvc", "GET", "/v1/authnsvc/accounts", "customer", List.of("after_id", "limit"));
        ids(cases, full, "authnsvc", "GET", "/v1/authnsvc/accounts/{id}", "/v1/authnsvc/accounts/%s", "customer", null, false);
        ids(cases, full, "authnsvc", "DELETE", "/v1/authnsvc/accounts/{id}", "/v1/authnsvc/accounts/%s", "admin", null, false);
        cases.add(new Case("authnsvc", "GET", "/v1/authnsvc/signing-keys", "/v1/authnsvc/signing-keys?x=%00", null, null,
                "admin", "odd query"));
        cases.add(new Case("authnsvc", "POST", "/v1/authnsvc/signing-keys", "/v1/authnsvc/signing-keys", "application/json",
                utf8("{\"kid\":" + "[".repeat(5000)), "customer", "customer, garbage body"));
        cases.add(new Case("authnsvc", "GET", "/.well-known/jwks.json", "/.well-known/jwks.json?kid=%E2%9C%93", null, null,
                "none", "odd query"));

        // authzsvc (administrators and services only)
        Map<String, List<Object>> policyFields = Map.of("subject", POLICY_PART, "action", POLICY_PART,
                "resource_type", POLICY_PART, "resource_id", POLICY_PART);
        for (String method : List.of("PUT", "POST")) {
            body(cases, full, "authzsvc", method, "/v1/authzsvc/policies", "/v1/authzsvc/policies", "admin",
                    ordered("subject", "fuzz:subject", "action", "get", "resource_type", "orders", "resource_id", "*"), policyFields);
        }
        for (String q : badPolicyQueries(full)) {
            cases.add(new Case("authzsvc", "GET", "/v1/authzsvc/policies", "/v1/authzsvc/policies?" + q, null, null, "admin", "query " + q));
            cases.add(new Case("authzsvc", "DELETE", "/v1/authzsvc/policies", "/v1/authzsvc/policies?" + q, null, null, "admin", "query " + q));
            cases.add(new Case("authzsvc", "GET", "/v1/authzsvc/check", "/v1/authzsvc/check?" + q, null, null, "admin", "query " + q));
        }
        for (String subject : List.of("a%3Ab", "%00", "x".repeat(300), "%E2%9C%93%E2%80%AE", "%20", "a%2Fb", "*")) {
            cases.add(new Case("authzsvc", "DELETE", "/v1/authzsvc/policies/{subject}", "/v1/authzsvc/policies/" + subject, null, null,
                    "admin", "subject " + (subject.length() > 20 ? subject.length() + " chars" : subject)));
        }

        // ordersvc
        body(cases, full, "ordersvc", "POST", "/v1/ordersvc/orders", "/v1/ordersvc/orders", "customer",
                ordered("product_id", product, "quantity", 0), Map.of("product_id", UUIDS, "quantity", COUNT));
        query(cases, full, "ordersvc", "GET", "/v1/ordersvc/orders", "customer", List.of("page", "size"));
        ids(cases, full, "ordersvc", "GET", "/v1/ordersvc/orders/{id}", "/v1/ordersvc/orders/%s", "customer", null, true);
        ids(cases, full, "ordersvc", "POST", "/v1/ordersvc/orders/{id}/cancel", "/v1/ordersvc/orders/%s/cancel", "customer", null, true);
        cases.add(new Case("ordersvc", "POST", "/v1/ordersvc/orders/{id}/cancel", "/v1/ordersvc/orders/" + order + "/cancel",
                "application/json", utf8("{\"reason\":\"" + HUGE + "\"}"), "customer", "unknown order, 1.2 MB body"));

        // inventorysvc
        body(cases, full, "inventorysvc", "POST", "/v1/inventorysvc/merchants", "/v1/inventorysvc/merchants", "seller",
                ordered("name", "   "), Map.of("name", List.of("x".repeat(101), "\t\n")));
        query(cases, full, "inventorysvc", "GET", "/v1/inventorysvc/merchants", "seller", List.of("page", "size"));
        ids(cases, full, "inventorysvc", "GET", "/v1/inventorysvc/merchants/{merchantId}", "/v1/inventorysvc/merchants/%s", "seller", null, true);
        body(cases, full, "inventorysvc", "POST", "/v1/inventorysvc/merchants/{merchantId}/products",
                "/v1/inventorysvc/merchants/" + merchant + "/products", "seller",
                ordered("name", "Fuzz product", "description", "d", "price", "1.001", "quantity", 1),
                Map.of("price", MONEY, "quantity", COUNT, "description", List.of("x".repeat(2001))));
        ids(cases, full, "inventorysvc", "POST", "/v1/inventorysvc/merchants/{merchantId}/products",
                "/v1/inventorysvc/merchants/%s/products", "seller",
                json(ordered("name", "Fuzz product " + UUID.randomUUID(), "description", "", "price", "1.00", "quantity", 1)), true);
        ids(cases, full, "inventorysvc", "GET", "/v1/inventorysvc/merchants/{merchantId}/products",
                "/v1/inventorysvc/merchants/%s/products", "seller", null, true);
        query(cases, full, "inventorysvc", "GET", "/v1/inventorysvc/merchants/" + merchant + "/products", "seller", List.of("page", "size"),
                "/v1/inventorysvc/merchants/{merchantId}/products");
        body(cases, full, "inventorysvc", "PUT", "/v1/inventorysvc/merchants/{merchantId}/products/{productId}/stock",
                "/v1/inventorysvc/merchants/" + merchant + "/products/" + product + "/stock", "seller",
                ordered("available", -1), Map.of("available", COUNT));
        ids(cases, full, "inventorysvc", "PUT", "/v1/inventorysvc/merchants/{merchantId}/products/{productId}/stock",
                "/v1/inventorysvc/merchants/" + merchant + "/products/%s/stock", "seller", json(ordered("available", 7)), true);
        ids(cases, full, "inventorysvc", "PUT", "/v1/inventorysvc/merchants/{merchantId}/products/{productId}/stock",
                "/v1/inventorysvc/merchants/%s/products/" + product + "/stock", "seller", json(ordered("available", 7)), true);
        query(cases, full, "inventorysvc", "GET", "/v1/inventorysvc/products", "customer", List.of("page", "size", "merchant_id"));
        ids(cases, full, "inventorysvc", "GET", "/v1/inventorysvc/products/{productId}", "/v1/inventorysvc/products/%s", "customer", null, true);

        // Control characters (NUL among them) inside bodies that are otherwise valid, so they reach the database.
        String nul = "Nul\u0000\u0007 " + UUID.randomUUID();
        cases.add(new Case("authnsvc", "POST", "/v1/authnsvc/accounts", "/v1/authnsvc/accounts", "application/json",
                utf8(json(ordered("name", nul, "email", "nul." + UUID.randomUUID() + "@reliability.test",
                        "password", "long-enough-password", "role", "customer"))), "none", "NUL in an otherwise valid name"));
        cases.add(new Case("inventorysvc", "POST", "/v1/inventorysvc/merchants/{merchantId}/products",
                "/v1/inventorysvc/merchants/" + merchant + "/products", "application/json",
                utf8(json(ordered("name", nul, "description", "", "price", "1.00", "quantity", 1))), "seller",
                "NUL in an otherwise valid product name"));
        cases.add(new Case("inventorysvc", "POST", "/v1/inventorysvc/merchants/{merchantId}/products",
                "/v1/inventorysvc/merchants/" + merchant + "/products", "application/json",
                utf8(json(ordered("name", "Fine " + UUID.randomUUID(), "description", nul, "price", "1.00", "quantity", 1))), "seller",
                "NUL in an otherwise valid product description"));
        cases.add(new Case("authzsvc", "PUT", "/v1/authzsvc/policies", "/v1/authzsvc/policies", "application/json",
                utf8(json(ordered("subject", "fuzz-\u0000", "action", "get", "resource_type", "orders", "resource_id", "*"))), "admin",
                "NUL in an otherwise valid policy subject"));
        cases.add(new Case("authzsvc", "GET", "/v1/authzsvc/policies", "/v1/authzsvc/policies?subject=fuzz-%00", null, null,
                "admin", "NUL in the subject"));
        cases.add(new Case("authzsvc", "GET", "/v1/authzsvc/check",
                "/v1/authzsvc/check?subject=fuzz-%00&action=get&resource_type=orders&resource_id=x", null, null, "admin", "NUL in the subject"));

        // paymentsvc
        cases.add(new Case("paymentsvc", "GET", "/v1/paymentsvc/wallet", "/v1/paymentsvc/wallet?account_id=1", null, null,
                "customer", "someone else's account in the query"));
        cases.add(new Case("paymentsvc", "GET", "/v1/paymentsvc/wallet", "/v1/paymentsvc/wallet", null, null,
                "seller", "a seller's wallet"));
        body(cases, full, "paymentsvc", "POST", "/v1/paymentsvc/wallet/recharges", "/v1/paymentsvc/wallet/recharges", "customer",
                ordered("amount", "1.001"), Map.of("amount", MONEY));
        query(cases, full, "paymentsvc", "GET", "/v1/paymentsvc/transactions", "customer", List.of("page", "size"));
        ids(cases, full, "paymentsvc", "GET", "/v1/paymentsvc/transactions/{id}", "/v1/paymentsvc/transactions/%s", "customer", null, true);
        return cases;
    }

    /**
     * Body mutations of a JSON endpoint. {@code base} is a body that is already invalid (or harmless),
     * so that the mutations of one field leave the others as they are.
     */
    private static void body(List<Case> cases, boolean full, String service, String method, String template, String path,
                             String role, Map<String, Object> base, Map<String, List<Object>> specific) {
        String json = "application/json";
        List<String> raw = new ArrayList<>(List.of("", "{", "null", "[]", "{}", "\"text\"", "{\"a\":}", "[".repeat(100_000)));
        if (full) {
            raw.addAll(List.of("42", "{'single':'quotes'}", "{\"a\":1}{\"b\":2}", "\uFEFF{}", "{\"a\":NaN}", "{\"a\":\"\\ud800\"}"));
        }
        for (String body : raw) {
            cases.add(new Case(service, method, template, path, json, utf8(body), role,
                    "raw " + (body.length() > 20 ? body.substring(0, 10) + "…(" + body.length() + ")" : body)));
        }
        cases.add(new Case(service, method, template, path, null, null, role, "no body"));
        cases.add(new Case(service, method, template, path, "text/plain", utf8(json(base)), role, "text/plain"));
        cases.add(new Case(service, method, template, path, json, utf8("[" + "1,".repeat(600_000) + "1]"), role, "1.2 MB array"));
        Map<String, Object> huge = new LinkedHashMap<>(base);
        huge.put(base.keySet().iterator().next(), HUGE);
        cases.add(new Case(service, method, template, path, json, utf8(json(huge)), role, "1.2 MB field"));
        Map<String, Object> unknown = new LinkedHashMap<>(base);
        unknown.put("unknown_field", Map.of("deep", List.of(1, "x")));
        cases.add(new Case(service, method, template, path, json, utf8(json(unknown)), role, "unknown field"));
        if (full) {
            cases.add(new Case(service, method, template, path, json, utf8(json(base).replaceFirst("\\{", "{\"unknown\":1,\"unknown\":2,")),
                    role, "duplicate keys"));
            cases.add(new Case(service, method, template, path, "application/json; charset=ISO-8859-1",
                    json(base).getBytes(StandardCharsets.ISO_8859_1), role, "latin-1"));
        }
        for (String field : base.keySet()) {
            Map<String, Object> missing = new LinkedHashMap<>(base);
            missing.remove(field);
            cases.add(new Case(service, method, template, path, json, utf8(json(missing)), role, "without " + field));
            Map<String, Object> nulled = new LinkedHashMap<>(base);
            nulled.put(field, null);
            cases.add(new Case(service, method, template, path, json, utf8(json(nulled)), role, field + " null"));
            List<Object> values = new ArrayList<>(specific.getOrDefault(field, List.of()));
            values.addAll(generic(full));
            for (Object value : values) {
                Map<String, Object> changed = new LinkedHashMap<>(base);
                changed.put(field, value);
                String shown = String.valueOf(value);
                cases.add(new Case(service, method, template, path, json, utf8(json(changed)), role,
                        field + " = " + (shown.length() > 24 ? shown.substring(0, 12) + "…(" + shown.length() + ")" : shown)));
            }
        }
    }

    private static final List<String> BAD_IDS = List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g", "-1",
            "99999999999999999999", "%00", "%E2%9C%93", "..%2F..", "1e5", "%20", "0x10", "x".repeat(3000),
            "00000000-0000-0000-0000-000000000000");

    /** An id path variable with invalid values (never a small positive number: it might be a real account). */
    private static void ids(List<Case> cases, boolean full, String service, String method, String template, String format,
                            String role, String body, boolean uuids) {
        List<String> values = full ? BAD_IDS : List.of("not-a-uuid", "-1", "99999999999999999999", "%E2%9C%93", "x".repeat(3000),
                "00000000-0000-0000-0000-000000000000");
        for (String id : values) {
            if (!uuids && id.startsWith("0000")) {
                continue;
            }
            cases.add(new Case(service, method, template, String.format(format, id), body == null ? null : "application/json",
                    body == null ? null : utf8(body), role, "id " + (id.length() > 40 ? id.length() + " chars" : id)));
        }
    }

    private static void query(List<Case> cases, boolean full, String service, String method, String path, String role,
                              List<String> params) {
        query(cases, full, service, method, path, role, params, path);
    }

    private static void query(List<Case> cases, boolean full, String service, String method, String path, String role,
                              List<String> params, String template) {
        List<String> values = new ArrayList<>(List.of("-1", "abc", "0", "100001", "99999999999", "1.5", ""));
        if (full) {
            values.addAll(List.of("%00", "%E2%9C%93", "1e3", "-2147483649", "x".repeat(5000), "not-a-uuid", "101"));
        }
        for (String param : params) {
            for (String value : values) {
                cases.add(new Case(service, method, template, path + "?" + param + "=" + value, null, null, role,
                        param + "=" + (value.length() > 20 ? value.length() + " chars" : value)));
            }
            cases.add(new Case(service, method, template, path + "?" + param + "=1&" + param + "=abc", null, null, role,
                    param + " twice"));
        }
        cases.add(new Case(service, method, template, path + "?unknown=%E2%9C%93&page=1&size=100", null, null, role, "unknown param"));
    }

    private static List<String> badPolicyQueries(boolean full) {
        List<String> queries = new ArrayList<>(List.of("", "subject=", "subject=%00", "subject=a%3Ab&action=get&resource_type=orders&resource_id=x",
                "subject=" + "x".repeat(300) + "&action=get&resource_type=orders&resource_id=*",
                "subject=s&action=&resource_type=&resource_id=", "subject=s&action=get&resource_type=%E2%9C%93%00&resource_id=%0A"));
        if (full) {
            queries.addAll(List.of("subject=s&resource_type=" + "y".repeat(200), "subject=s&resource_type=a&resource_type=%00",
                    "subject=" + URLEncoder.encode("Zoë ✓ \u202e", StandardCharsets.UTF_8) + "&action=get&resource_type=orders&resource_id=1"));
        }
        return queries;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static String json(Object value) {
        return json.writeValueAsString(value);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
