package io.marketbus.benchmarks.load.baselines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.Authorizer;
import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.authz.cache.PolicySourceUnavailableException;
import io.marketbus.authz.policy.PolicyIndex;
import io.marketbus.support.authz.HttpPolicySource;
import java.util.Set;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * {@code marketbus.authz.mode=remote}: every check is a call to authzsvc's {@code GET
 * /v1/authzsvc/check}, and every listing loads the subject's policies of the type ({@code GET
 * /v1/authzsvc/policies}) and computes the ids. Nothing is cached. This is the approach the library
 * avoids; the load benchmark measures it to show what the cache saves. authzsvc unreachable or failing is a 503
 * ({@link AuthorizationUnavailableException}), never an allow.
 */
public final class RemoteAuthorizer implements Authorizer {

    private final RestClient authz;
    private final HttpPolicySource policies;

    /** @param authz a client with the authz service's base URL and this service's credentials */
    public RemoteAuthorizer(RestClient authz) {
        this.authz = authz;
        this.policies = new HttpPolicySource(authz);
    }

    @Override
    public boolean check(String subject, String action, String resourceType, String resourceId) {
        CheckResult result;
        try {
            result = authz.get()
                    .uri(b -> b.path("/v1/authzsvc/check")
                            .queryParam("subject", subject)
                            .queryParam("action", action)
                            .queryParam("resource_type", resourceType)
                            .queryParam("resource_id", resourceId)
                            .build())
                    .retrieve()
                    .body(CheckResult.class);
        } catch (RestClientException e) {
            throw new AuthorizationUnavailableException("authzsvc did not answer the check for " + subject + ": "
                    + e.getMessage(), e);
        }
        if (result == null) {
            throw new AuthorizationUnavailableException("authzsvc answered the check without a body");
        }
        return result.allowed();
    }

    @Override
    public VisibleIds visibleIds(String subject, String action, String resourceType) {
        PolicySnapshot snapshot;
        try {
            snapshot = policies.load(subject, Set.of(resourceType));
        } catch (PolicySourceUnavailableException e) {
            throw new AuthorizationUnavailableException(e.getMessage(), e);
        }
        return PolicyIndex.of(subject, Set.of(resourceType), snapshot.policies()).visibleIds(action, resourceType);
    }

    /** authzsvc's answer: whether it is allowed, by which policy, at which revision. */
    record CheckResult(boolean allowed, @JsonProperty("matched_policy") String matchedPolicy, long revision) {}
}
