package io.marketbus.authz.cache;

import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.policy.PolicyChange;
import java.util.Objects;

/**
 * A grant or removal this service has issued (committed to its outbox) that the policy store may
 * not have confirmed yet.
 *
 * @param afterRevision the highest revision the issuing instance had applied when it issued the
 *     change: the store's change for it will carry a higher one, so an instance that has applied a
 *     change of the same policy above this revision reflects the command (or a newer one) in its cache
 */
public record IssuedChange(PolicyChange.Method method, Policy policy, long afterRevision) {

    public IssuedChange {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(policy, "policy");
    }
}
