package io.marketbus.support.authz;

import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.authz.cache.PolicySource;
import io.marketbus.authz.cache.PolicySourceUnavailableException;
import io.marketbus.authz.policy.Policy;
import java.util.List;
import java.util.Set;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriBuilder;

/** Loads a subject's policies of the owned types from authzsvc's {@code GET /v1/authzsvc/policies}. */
public final class HttpPolicySource implements PolicySource {

    private final RestClient authz;

    /** @param authz a client with the authz service's base URL and this service's credentials */
    public HttpPolicySource(RestClient authz) {
        this.authz = authz;
    }

    @Override
    public PolicySnapshot load(String subject, Set<String> resourceTypes) {
        try {
            PolicyList list = authz.get()
                    .uri(b -> withTypes(b.path("/v1/authzsvc/policies").queryParam("subject", subject), resourceTypes).build())
                    .retrieve()
                    .body(PolicyList.class);
            if (list == null) {
                throw new PolicySourceUnavailableException("authzsvc answered without a body", null);
            }
            return new PolicySnapshot(list.policies().stream().map(Policy::parse).toList(), list.revision());
        } catch (RestClientException e) {
            throw new PolicySourceUnavailableException("authzsvc did not answer for " + subject + ": " + e.getMessage(), e);
        }
    }

    private static UriBuilder withTypes(UriBuilder builder, Set<String> types) {
        types.stream().sorted().forEach(t -> builder.queryParam("resource_type", t));
        return builder;
    }

    record PolicyList(String subject, long revision, List<String> policies) {}
}
