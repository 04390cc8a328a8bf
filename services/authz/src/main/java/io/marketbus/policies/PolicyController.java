package io.marketbus.policies;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.authz.policy.Policy;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.NotBlank;
import io.marketbus.support.web.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
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
 * for administrators. Nobody else may call it, and a service only on the resource types it owns
 * ({@link PolicyAccess}); a change here applies in commit order, after every command applied so far.
 */
@RestController
@RequestMapping("/v1/authzsvc")
@PreAuthorize("hasAnyRole('admin', 'service')")
class PolicyController {

    private final Policies policies;
    private final PolicyAccess access;

    PolicyController(Policies policies, PolicyAccess access) {
        this.policies = policies;
        this.access = access;
    }

    @Operation(summary = "A subject's policies (optionally only some resource types) and the revision they reflect")
    @GetMapping("/policies")
    PolicyList list(@AuthenticationPrincipal Jwt caller, @RequestParam @NotBlank String subject,
                    @RequestParam(name = "resource_type", required = false) List<String> resourceTypes) {
        List<String> requested = resourceTypes == null ? List.of() : resourceTypes;
        // Validates the components the same way a stored policy is validated.
        new Policy(subject, "*", requested.isEmpty() ? "any" : requested.getFirst(), "*");
        requested.forEach(t -> new Policy(subject, "*", t, "*"));
        List<String> types = access.readableTypes(caller, requested);
        PolicySnapshot snapshot = policies.of(subject, types);
        return new PolicyList(subject, snapshot.revision(), snapshot.policies().stream().map(Policy::format).toList());
    }

    @Operation(summary = "Add a policy; adding one that exists changes nothing")
    @PutMapping("/policies")
    PolicyChange upsert(@AuthenticationPrincipal Jwt caller, @RequestBody PolicyBody body) {
        Policy policy = body.policy();
        access.require(caller, List.of(policy.resourceType()));
        try {
            return PolicyChange.of(policy, policies.upsertNow(policy), policies);
        } catch (SubjectDeleted e) {
            throw new ProblemException(HttpStatus.CONFLICT, "subject-deleted", "Subject deleted", e.getMessage(),
                    Map.of(), Map.of());
        }
    }

    @Operation(summary = "Add a policy (same as PUT)")
    @PostMapping("/policies")
    PolicyChange create(@AuthenticationPrincipal Jwt caller, @RequestBody PolicyBody body) {
        return upsert(caller, body);
    }

    @Operation(summary = "Remove one policy; removing a missing one changes nothing")
    @DeleteMapping("/policies")
    PolicyChange remove(@AuthenticationPrincipal Jwt caller, @RequestParam String subject, @RequestParam String action,
                        @RequestParam("resource_type") String resourceType,
                        @RequestParam("resource_id") String resourceId) {
        Policy policy = new Policy(subject, action, resourceType, resourceId);
        access.require(caller, List.of(resourceType));
        return PolicyChange.of(policy, policies.removeNow(policy), policies);
    }

    @Operation(summary = "Remove every policy of a subject")
    @DeleteMapping("/policies/{subject}")
    SubjectRemoval removeAll(@AuthenticationPrincipal Jwt caller, @PathVariable String subject) {
        new Policy(subject, "*", "any", "*");
        access.requireAdministrator(caller);
        int removed = policies.removeAll(subject);
        return new SubjectRemoval(subject, removed, policies.revision());
    }

    @Operation(summary = "Would this request be allowed, and by which policy (for debugging and comparisons)")
    @GetMapping("/check")
    CheckResult check(@AuthenticationPrincipal Jwt caller, @RequestParam String subject, @RequestParam String action,
                      @RequestParam("resource_type") String resourceType,
                      @RequestParam("resource_id") String resourceId) {
        new Policy(subject, action, resourceType, resourceId);
        access.require(caller, List.of(resourceType));
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
