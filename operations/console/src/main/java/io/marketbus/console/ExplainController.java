package io.marketbus.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * "May subject S do A on T:I?": authzsvc's answer (allowed, the matching policy, its revision for S),
 * and what every live instance's cache holds for S, so a stale one shows (a cached revision below
 * authzsvc's). The instances answer {@code /internal/authz-cache/{subject}} (authz-adapter).
 */
@RestController
class ExplainController {

    private final ServiceCalls calls;
    private final ConsoleProperties properties;

    ExplainController(ServiceCalls calls, ConsoleProperties properties) {
        this.calls = calls;
        this.properties = properties;
    }

    @GetMapping("/api/explain")
    Map<String, Object> explain(@AuthenticationPrincipal AdminSession admin, @RequestParam String subject,
                                @RequestParam String action, @RequestParam("resource_type") String resourceType,
                                @RequestParam("resource_id") String resourceId) {
        String query = "subject=" + enc(subject) + "&action=" + enc(action) + "&resource_type=" + enc(resourceType)
                + "&resource_id=" + enc(resourceId);
        ServiceCalls.Answer check = calls.get(properties.authzUrl() + "/v1/authzsvc/check?" + query, admin.token());
        if (!check.ok()) {
            throw new ResponseStatusException(check.status() >= 400 && check.status() < 500 ? HttpStatus.BAD_REQUEST
                    : HttpStatus.BAD_GATEWAY, "authzsvc answered " + check.status() + ": " + check.body());
        }
        long revision = check.body().path("revision").asLong();
        List<Map<String, Object>> instances = new ArrayList<>();
        for (ConsoleProperties.Instance instance : properties.allInstances()) {
            if (instance.service().equals("authzsvc")) {
                continue; // the store itself, not a cache of it
            }
            ServiceCalls.Answer cache = calls.get(instance.url() + "/internal/authz-cache/" + enc(subject), admin.token());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", instance.service());
            row.put("url", instance.url());
            if (!cache.ok()) {
                row.put("state", cache.status() == 0 ? "not answering" : "answered " + cache.status());
            } else {
                JsonNode body = cache.body();
                boolean cached = body.path("cached").asBoolean();
                row.put("received_revision", body.path("received_revision").asLong());
                row.put("owned_types", body.path("owned_types"));
                row.put("cached_revision", cached ? body.path("subject_revision").asLong() : null);
                row.put("state", cacheState(cached, body.path("subject_revision").asLong(),
                        body.path("received_revision").asLong(), revision));
            }
            instances.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("question", subject + " " + action + " " + resourceType + ":" + resourceId);
        out.put("allowed", check.body().path("allowed").asBoolean());
        out.put("matched_policy", check.body().path("matched_policy").isNull() ? null : check.body().path("matched_policy").asString());
        out.put("authz_revision", revision);
        out.put("instances", instances);
        return out;
    }

    /**
     * An instance's cache for S, against authzsvc's revision for S. The cache applies changes in
     * revision order to the entries it holds, so an entry reflects everything up to the highest
     * revision the instance received: below authzsvc's revision, it may miss a change the store made.
     */
    static String cacheState(boolean cached, long subjectRevision, long receivedRevision, long authzRevision) {
        if (!cached) {
            return "not cached (loads on next use)";
        }
        return Math.max(subjectRevision, receivedRevision) < authzRevision ? "stale" : "current";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
