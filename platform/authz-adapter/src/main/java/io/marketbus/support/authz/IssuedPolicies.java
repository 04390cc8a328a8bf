package io.marketbus.support.authz;

import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.policy.PolicyChange;
import io.marketbus.contract.events.RemovePolicy;
import io.marketbus.contract.events.UpsertPolicy;
import io.marketbus.eventbus.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * How a service grants and revokes policies on the types it owns: the command goes into its outbox
 * (to authzsvc) and is remembered in its database, in the caller's transaction, so that every
 * instance of the service honours it at once (read-your-writes), before authzsvc's confirmation
 * has travelled back over the bus.
 *
 * <pre>{@code
 * issued.grant(owner, "orders", orderId, "get");   // the owner may read it on the next request
 * }</pre>
 *
 * <p>Removals only on the declared {@code marketbus.authz.revoked-types}: the cache reads the
 * issued changes for an allowed check only on those types, so a removal elsewhere would not bind
 * the other instances at once; it is refused instead.
 */
public class IssuedPolicies {

    private final Outbox outbox;
    private final IssuedChangeStore store;
    private final LongSupplier receivedRevision;
    private final Set<String> revokedTypes;

    IssuedPolicies(Outbox outbox, IssuedChangeStore store, LongSupplier receivedRevision, Set<String> revokedTypes) {
        this.outbox = outbox;
        this.store = store;
        this.receivedRevision = receivedRevision;
        this.revokedTypes = Set.copyOf(revokedTypes);
    }

    /**
     * Outside a Spring service (tests): grants only, remembered in {@code dataSource} (its table
     * created when missing) for {@code kept}, each change confirmed by any later change of its policy.
     */
    public static IssuedPolicies inDatabase(Outbox outbox, DataSource dataSource, Duration kept) {
        return of(outbox, new IssuedChangeStore(dataSource, kept, Clock.systemUTC()), null, Set.of());
    }

    /**
     * With the cache whose received revision stamps each issued change (none: every change confirms
     * it), revoking only on {@code revokedTypes}, the types that cache was told of.
     */
    static IssuedPolicies of(Outbox outbox, IssuedChangeStore store, CachingAuthorizer cache, Set<String> revokedTypes) {
        return new IssuedPolicies(outbox, store, cache == null ? () -> Long.MIN_VALUE : cache::receivedRevision,
                revokedTypes);
    }

    /** Grants {@code subject} {@code action} on {@code resourceType}/{@code resourceId}; in a transaction. */
    public void grant(String subject, String resourceType, String resourceId, String action) {
        Policy policy = new Policy(subject, action, resourceType, resourceId);
        outbox.append(subject, new UpsertPolicy(subject, resourceType, resourceId, action));
        store.remember(PolicyChange.Method.PUT, policy, receivedRevision.getAsLong());
    }

    /**
     * Revokes it; on this service's every instance from the next request on. In a transaction.
     *
     * @throws IllegalArgumentException when {@code resourceType} is not among the revoked types
     */
    public void revoke(String subject, String resourceType, String resourceId, String action) {
        if (!revokedTypes.contains(resourceType)) {
            throw new IllegalArgumentException("policies on " + resourceType + " are not revoked by this service: "
                    + "declare the type in marketbus.authz.revoked-types " + revokedTypes
                    + ", so that every instance reads the issued removals before allowing");
        }
        Policy policy = new Policy(subject, action, resourceType, resourceId);
        outbox.append(subject, new RemovePolicy(subject, resourceType, resourceId, action));
        store.remember(PolicyChange.Method.DELETE, policy, receivedRevision.getAsLong());
    }
}
