package io.marketbus.harness.reliability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** How the fuzz breaks each kind of input: JSON bodies, id path variables, query parameters. */
final class FuzzMutations {

    private static final JsonMapper json = JsonMapper.builder().build();
    static final String HUGE = "x".repeat(1_200_000);

    private FuzzMutations() {}

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

    static final List<Object> MONEY = List.of("1.001", 1.5, "-3.00", "0.00", "1e3", "NaN", "Infinity", "1,00",
            "99999999999.00", "1000000.01", " 1.00", "1.00 ", "１.００", 100, "0.1", ".50", "+1.00", "01.00");
    static final List<Object> COUNT = List.of(-1, -2147483648, 1.5, 2147483648L, 1e10, 1_000_001, "many", "-3",
            "1e2", Double.NaN);
    static final List<Object> UUIDS = List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g",
            "00000000000000000000000000000000x", "{" + UUID.randomUUID() + "}", 123, "\u0000");
    static final List<Object> POLICY_PART = List.of("a:b", "a b", "x".repeat(200), "\u0000", "*:*", "ü\u0007", "");

    /**
     * Body mutations of a JSON endpoint. {@code base} is a body that is already invalid (or harmless),
     * so that the mutations of one field leave the others as they are.
     */
    static void body(List<FuzzCase> cases, boolean full, String service, String method, String template, String path,
                     String role, Map<String, Object> base, Map<String, List<Object>> specific) {
        String json = "application/json";
        List<String> raw = new ArrayList<>(List.of("", "{", "null", "[]", "{}", "\"text\"", "{\"a\":}", "[".repeat(100_000)));
        if (full) {
            raw.addAll(List.of("42", "{'single':'quotes'}", "{\"a\":1}{\"b\":2}", "\uFEFF{}", "{\"a\":NaN}", "{\"a\":\"\\ud800\"}"));
        }
        for (String body : raw) {
            cases.add(new FuzzCase(service, method, template, path, json, utf8(body), role,
                    "raw " + (body.length() > 20 ? body.substring(0, 10) + "…(" + body.length() + ")" : body)));
        }
        cases.add(new FuzzCase(service, method, template, path, null, null, role, "no body"));
        cases.add(new FuzzCase(service, method, template, path, "text/plain", utf8(json(base)), role, "text/plain"));
        cases.add(new FuzzCase(service, method, template, path, json, utf8("[" + "1,".repeat(600_000) + "1]"), role, "1.2 MB array"));
        Map<String, Object> huge = new LinkedHashMap<>(base);
        huge.put(base.keySet().iterator().next(), HUGE);
        cases.add(new FuzzCase(service, method, template, path, json, utf8(json(huge)), role, "1.2 MB field"));
        Map<String, Object> unknown = new LinkedHashMap<>(base);
        unknown.put("unknown_field", Map.of("deep", List.of(1, "x")));
        cases.add(new FuzzCase(service, method, template, path, json, utf8(json(unknown)), role, "unknown field"));
        if (full) {
            cases.add(new FuzzCase(service, method, template, path, json, utf8(json(base).replaceFirst("\\{", "{\"unknown\":1,\"unknown\":2,")),
                    role, "duplicate keys"));
            cases.add(new FuzzCase(service, method, template, path, "application/json; charset=ISO-8859-1",
                    json(base).getBytes(StandardCharsets.ISO_8859_1), role, "latin-1"));
        }
        for (String field : base.keySet()) {
            Map<String, Object> missing = new LinkedHashMap<>(base);
            missing.remove(field);
            cases.add(new FuzzCase(service, method, template, path, json, utf8(json(missing)), role, "without " + field));
            Map<String, Object> nulled = new LinkedHashMap<>(base);
            nulled.put(field, null);
            cases.add(new FuzzCase(service, method, template, path, json, utf8(json(nulled)), role, field + " null"));
            List<Object> values = new ArrayList<>(specific.getOrDefault(field, List.of()));
            values.addAll(generic(full));
            for (Object value : values) {
                Map<String, Object> changed = new LinkedHashMap<>(base);
                changed.put(field, value);
                String shown = String.valueOf(value);
                cases.add(new FuzzCase(service, method, template, path, json, utf8(json(changed)), role,
                        field + " = " + (shown.length() > 24 ? shown.substring(0, 12) + "…(" + shown.length() + ")" : shown)));
            }
        }
    }

    private static final List<String> BAD_IDS = List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g", "-1",
            "99999999999999999999", "%00", "%E2%9C%93", "..%2F..", "1e5", "%20", "0x10", "x".repeat(3000),
            "00000000-0000-0000-0000-000000000000");

    /** An id path variable with invalid values (never a small positive number: it might be a real account). */
    static void ids(List<FuzzCase> cases, boolean full, String service, String method, String template, String format,
                    String role, String body, boolean uuids) {
        List<String> values = full ? BAD_IDS : List.of("not-a-uuid", "-1", "99999999999999999999", "%E2%9C%93", "x".repeat(3000),
                "00000000-0000-0000-0000-000000000000");
        for (String id : values) {
            if (!uuids && id.startsWith("0000")) {
                continue;
            }
            cases.add(new FuzzCase(service, method, template, String.format(format, id), body == null ? null : "application/json",
                    body == null ? null : utf8(body), role, "id " + (id.length() > 40 ? id.length() + " chars" : id)));
        }
    }

    static void query(List<FuzzCase> cases, boolean full, String service, String method, String path, String role,
                      List<String> params) {
        query(cases, full, service, method, path, role, params, path);
    }

    static void query(List<FuzzCase> cases, boolean full, String service, String method, String path, String role,
                      List<String> params, String template) {
        List<String> values = new ArrayList<>(List.of("-1", "abc", "0", "100001", "99999999999", "1.5", ""));
        if (full) {
            values.addAll(List.of("%00", "%E2%9C%93", "1e3", "-2147483649", "x".repeat(5000), "not-a-uuid", "101"));
        }
        for (String param : params) {
            for (String value : values) {
                cases.add(new FuzzCase(service, method, template, path + "?" + param + "=" + value, null, null, role,
                        param + "=" + (value.length() > 20 ? value.length() + " chars" : value)));
            }
            cases.add(new FuzzCase(service, method, template, path + "?" + param + "=1&" + param + "=abc", null, null, role,
                    param + " twice"));
        }
        cases.add(new FuzzCase(service, method, template, path + "?unknown=%E2%9C%93&page=1&size=100", null, null, role, "unknown param"));
    }

    static List<String> badPolicyQueries(boolean full) {
        List<String> queries = new ArrayList<>(List.of("", "subject=", "subject=%00", "subject=a%3Ab&action=get&resource_type=orders&resource_id=x",
                "subject=" + "x".repeat(300) + "&action=get&resource_type=orders&resource_id=*",
                "subject=s&action=&resource_type=&resource_id=", "subject=s&action=get&resource_type=%E2%9C%93%00&resource_id=%0A"));
        if (full) {
            queries.addAll(List.of("subject=s&resource_type=" + "y".repeat(200), "subject=s&resource_type=a&resource_type=%00",
                    "subject=" + URLEncoder.encode("Zoë ✓ \u202e", StandardCharsets.UTF_8) + "&action=get&resource_type=orders&resource_id=1"));
        }
        return queries;
    }

    static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    static String json(Object value) {
        return json.writeValueAsString(value);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
