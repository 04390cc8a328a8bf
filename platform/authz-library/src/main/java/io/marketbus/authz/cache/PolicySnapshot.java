package io.marketbus.authz.cache;

import io.marketbus.authz.policy.Policy;
import java.util.List;

/**
 * A subject's policies as the policy store had them at {@code revision}.
 *
 * @param policies unmodifiable
 */
public record PolicySnapshot(List<Policy> policies, long revision) {

    public PolicySnapshot {
        policies = List.copyOf(policies);
    }
}
