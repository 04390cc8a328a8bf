package io.marketbus.policies;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.authz.policy.Policy;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/authzsvc}: policies over HTTP, for the services' caches (internal service identity) and
 * for administrators. Nobody else may call it.
 */
@RestController
@RequestMapping("/v1/authzsvc")
@PreAuthorize("hasAnyRole('admin', 'service')")
class PolicyController {

    private final Policies policies;

    PolicyController(Policies policies) {
        this.policies = policies;
    }

    @Operation(summary = "A subject's policies (optionally only some resource types) and the revision they reflect")
    @GetMapping("/policies")
    PolicyList list(@RequestParam @NotBlank String subject,
                    @RequestParam(name = "resource_type", required = false) List<String> resourceTypes) {
        List<String> types = resourceTypes == null ? List.of() : resourceTypes;
        // Validates the components the same way a stored policy is validated.
        new Policy(subject, "*", types.isEmpty() ? "any" : types.getFirst(), "*");
        types.forEach(t -> new Policy(subject, "*", t, "*"));
        PolicySnapshot snapshot = policies.of(subject, types);
        return new PolicyList(subject, snapshot.revision(), snapshot.policies().stream().map(Policy::format).toList());
    }

    @Operation(summary = "Add a policy; adding one that exists changes nothing")
    @PutMapping("/policies")
    PolicyChange upsert(@RequestBody PolicyBody body) {
        Policy policy = body.policy();
        return PolicyChange.of(policy, policies.upsert(policy, Instant.now()), policies);
    }

    @Operation(summary = "Add a policy (same as PUT)")
    @PostMapping("/policies")
    PolicyChange create(@RequestBody PolicyBody body) {
        return upsert(body);
    }

    @Operation(summary = "Remove one policy; removing a missing one changes nothing")
    @DeleteMapping("/policies")
    PolicyChange remove(@RequestParam String subject, @RequestParam String action,
                        @RequestParam("resource_type") String resourceType,
                        @RequestParam("resource_id") String resourceId) {
        Policy policy = new Policy(subject, action, resourceType, resourceId);
        return PolicyChange.of(policy, policies.remove(policy, Instant.now()), policies);
    }

    @Operation(summary = "Remove every policy of a subject")
    @DeleteMapping("/policies/{subject}")
    SubjectRemoval removeAll(@PathVariable String subject) {
        new Policy(subject, "*", "any", "*");
        int removed = policies.removeAll(subject, Instant.now());
        return new SubjectRemoval(subject, removed, policies.revision());
    }

    @Operation(summary = "Would this request be allowed, and by which policy (for debugging and comparisons)")
    @GetMapping("/check")
    CheckResult check(@RequestParam String subject, @RequestParam String action,
                      @RequestParam("resource_type") String resourceType,
                      @RequestParam("resource_id") String resourceId) {
        new Policy(subject, action, resourceType, resourceId);
        Policies.Decision decision = policies.check(subject, action, resourceType, resourceId);
        return new CheckResult(decision.allowed(), decision.matched() == null ? null : decision.matched().format(),
                policies.of(subject, List.of(resourceType)).revision());
    }

    record PolicyBody(String subject, String action,
                      @JsonProperty("resource_type") String resourceType,
                      @JsonProperty("resource_id") String resourceId) {
        Policy policy() {
            return new Policy(subject, action, resourceType, resourceId);
        }
    }

    record PolicyList(String subject, long revision, List<String> policies) {}

    record PolicyChange(String policy, boolean changed, long revision) {
        static PolicyChange of(Policy policy, Optional<Long> revision, Policies policies) {
            return new PolicyChange(policy.format(), revision.isPresent(), revision.orElseGet(policies::revision));
        }
    }

    record SubjectRemoval(String subject, int removed, long revision) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record CheckResult(boolean allowed, @JsonProperty("matched_policy") String matchedPolicy, long revision) {}
}
