package io.marketbus.harness.reliability;

import static io.marketbus.harness.reliability.FuzzMutations.COUNT;
import static io.marketbus.harness.reliability.FuzzMutations.HUGE;
import static io.marketbus.harness.reliability.FuzzMutations.MONEY;
import static io.marketbus.harness.reliability.FuzzMutations.POLICY_PART;
import static io.marketbus.harness.reliability.FuzzMutations.UUIDS;
import static io.marketbus.harness.reliability.FuzzMutations.badPolicyQueries;
import static io.marketbus.harness.reliability.FuzzMutations.body;
import static io.marketbus.harness.reliability.FuzzMutations.ids;
import static io.marketbus.harness.reliability.FuzzMutations.json;
import static io.marketbus.harness.reliability.FuzzMutations.ordered;
import static io.marketbus.harness.reliability.FuzzMutations.query;
import static io.marketbus.harness.reliability.FuzzMutations.utf8;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The fuzz requests, endpoint by endpoint of the five services ({@code full}: more values per input). */
final class FuzzCases {

    private FuzzCases() {}

    static List<FuzzCase> all(boolean full, String merchant, String product) {
        List<FuzzCase> cases = new ArrayList<>();
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
        cases.add(new FuzzCase("authnsvc", "POST", "/v1/authnsvc/service-tokens", "/v1/authnsvc/service-tokens",
                "application/x-www-form-urlencoded", utf8("client_id=%00&client_secret=&grant_type=%E2%9C%93"), "none", "form, bad values"));
        cases.add(new FuzzCase("authnsvc", "POST", "/v1/authnsvc/service-tokens", "/v1/authnsvc/service-tokens",
                "application/x-www-form-urlencoded", utf8("client_id=" + "a".repeat(1_200_000)), "none", "form, 1.2 MB"));
        query(cases, full, "authnsvc", "GET", "/v1/authnsvc/accounts", "customer", List.of("after_id", "limit"));
        ids(cases, full, "authnsvc", "GET", "/v1/authnsvc/accounts/{id}", "/v1/authnsvc/accounts/%s", "customer", null, false);
        ids(cases, full, "authnsvc", "DELETE", "/v1/authnsvc/accounts/{id}", "/v1/authnsvc/accounts/%s", "admin", null, false);
        cases.add(new FuzzCase("authnsvc", "GET", "/v1/authnsvc/signing-keys", "/v1/authnsvc/signing-keys?x=%00", null, null,
                "admin", "odd query"));
        cases.add(new FuzzCase("authnsvc", "POST", "/v1/authnsvc/signing-keys", "/v1/authnsvc/signing-keys", "application/json",
                utf8("{\"kid\":" + "[".repeat(5000)), "customer", "customer, garbage body"));
        cases.add(new FuzzCase("authnsvc", "GET", "/.well-known/jwks.json", "/.well-known/jwks.json?kid=%E2%9C%93", null, null,
                "none", "odd query"));

        // authzsvc (administrators and services only)
        Map<String, List<Object>> policyFields = Map.of("subject", POLICY_PART, "action", POLICY_PART,
                "resource_type", POLICY_PART, "resource_id", POLICY_PART);
        for (String method : List.of("PUT", "POST")) {
            body(cases, full, "authzsvc", method, "/v1/authzsvc/policies", "/v1/authzsvc/policies", "admin",
                    ordered("subject", "fuzz:subject", "action", "get", "resource_type", "orders", "resource_id", "*"), policyFields);
        }
        for (String q : badPolicyQueries(full)) {
            cases.add(new FuzzCase("authzsvc", "GET", "/v1/authzsvc/policies", "/v1/authzsvc/policies?" + q, null, null, "admin", "query " + q));
            cases.add(new FuzzCase("authzsvc", "DELETE", "/v1/authzsvc/policies", "/v1/authzsvc/policies?" + q, null, null, "admin", "query " + q));
            cases.add(new FuzzCase("authzsvc", "GET", "/v1/authzsvc/check", "/v1/authzsvc/check?" + q, null, null, "admin", "query " + q));
        }
        for (String subject : List.of("a%3Ab", "%00", "x".repeat(300), "%E2%9C%93%E2%80%AE", "%20", "a%2Fb", "*")) {
            cases.add(new FuzzCase("authzsvc", "DELETE", "/v1/authzsvc/policies/{subject}", "/v1/authzsvc/policies/" + subject, null, null,
                    "admin", "subject " + (subject.length() > 20 ? subject.length() + " chars" : subject)));
        }

        // ordersvc
        body(cases, full, "ordersvc", "POST", "/v1/ordersvc/orders", "/v1/ordersvc/orders", "customer",
                ordered("product_id", product, "quantity", 0), Map.of("product_id", UUIDS, "quantity", COUNT));
        query(cases, full, "ordersvc", "GET", "/v1/ordersvc/orders", "customer", List.of("page", "size"));
        ids(cases, full, "ordersvc", "GET", "/v1/ordersvc/orders/{id}", "/v1/ordersvc/orders/%s", "customer", null, true);
        ids(cases, full, "ordersvc", "POST", "/v1/ordersvc/orders/{id}/cancel", "/v1/ordersvc/orders/%s/cancel", "customer", null, true);
        cases.add(new FuzzCase("ordersvc", "POST", "/v1/ordersvc/orders/{id}/cancel", "/v1/ordersvc/orders/" + order + "/cancel",
                "application/json", utf8("{\"reason\":\"" + HUGE + "\"}"), "customer", "unknown order, 1.2 MB body"));
        query(cases, full, "ordersvc", "GET", "/v1/ordersvc/orders/compensations", "admin", List.of("state", "page", "size"));
        cases.add(new FuzzCase("ordersvc", "GET", "/v1/ordersvc/orders/compensations", "/v1/ordersvc/orders/compensations?state=pending",
                null, null, "customer", "a customer asks for the operators' list"));
        // The read-only view of an instance's policy cache (the console's explain), on every caching service.
        for (String service : List.of("authnsvc", "ordersvc", "inventorysvc", "paymentsvc")) {
            for (String subject : List.of("%00", "x".repeat(300), "%E2%9C%93", "a%2Fb", "-1")) {
                cases.add(new FuzzCase(service, "GET", "/internal/authz-cache/{subject}", "/internal/authz-cache/" + subject, null, null,
                        "admin", "subject " + (subject.length() > 20 ? subject.length() + " chars" : subject)));
            }
            cases.add(new FuzzCase(service, "GET", "/internal/authz-cache/{subject}", "/internal/authz-cache/1", null, null,
                    "customer", "a customer reads a cache"));
        }

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
        cases.add(new FuzzCase("authnsvc", "POST", "/v1/authnsvc/accounts", "/v1/authnsvc/accounts", "application/json",
                utf8(json(ordered("name", nul, "email", "nul." + UUID.randomUUID() + "@reliability.test",
                        "password", "long-enough-password", "role", "customer"))), "none", "NUL in an otherwise valid name"));
        cases.add(new FuzzCase("inventorysvc", "POST", "/v1/inventorysvc/merchants/{merchantId}/products",
                "/v1/inventorysvc/merchants/" + merchant + "/products", "application/json",
                utf8(json(ordered("name", nul, "description", "", "price", "1.00", "quantity", 1))), "seller",
                "NUL in an otherwise valid product name"));
        cases.add(new FuzzCase("inventorysvc", "POST", "/v1/inventorysvc/merchants/{merchantId}/products",
                "/v1/inventorysvc/merchants/" + merchant + "/products", "application/json",
                utf8(json(ordered("name", "Fine " + UUID.randomUUID(), "description", nul, "price", "1.00", "quantity", 1))), "seller",
                "NUL in an otherwise valid product description"));
        cases.add(new FuzzCase("authzsvc", "PUT", "/v1/authzsvc/policies", "/v1/authzsvc/policies", "application/json",
                utf8(json(ordered("subject", "fuzz-\u0000", "action", "get", "resource_type", "orders", "resource_id", "*"))), "admin",
                "NUL in an otherwise valid policy subject"));
        cases.add(new FuzzCase("authzsvc", "GET", "/v1/authzsvc/policies", "/v1/authzsvc/policies?subject=fuzz-%00", null, null,
                "admin", "NUL in the subject"));
        cases.add(new FuzzCase("authzsvc", "GET", "/v1/authzsvc/check",
                "/v1/authzsvc/check?subject=fuzz-%00&action=get&resource_type=orders&resource_id=x", null, null, "admin", "NUL in the subject"));

        // paymentsvc
        cases.add(new FuzzCase("paymentsvc", "GET", "/v1/paymentsvc/wallet", "/v1/paymentsvc/wallet?account_id=1", null, null,
                "customer", "someone else's account in the query"));
        cases.add(new FuzzCase("paymentsvc", "GET", "/v1/paymentsvc/wallet", "/v1/paymentsvc/wallet", null, null,
                "seller", "a seller's wallet"));
        body(cases, full, "paymentsvc", "POST", "/v1/paymentsvc/wallet/recharges", "/v1/paymentsvc/wallet/recharges", "customer",
                ordered("amount", "1.001"), Map.of("amount", MONEY));
        query(cases, full, "paymentsvc", "GET", "/v1/paymentsvc/transactions", "customer", List.of("page", "size"));
        ids(cases, full, "paymentsvc", "GET", "/v1/paymentsvc/transactions/{id}", "/v1/paymentsvc/transactions/%s", "customer", null, true);
        return cases;
    }
}
