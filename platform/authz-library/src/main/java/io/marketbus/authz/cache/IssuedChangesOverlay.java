package io.marketbus.authz.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.policy.PolicyChange;
import io.marketbus.authz.policy.PolicyIndex;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Read-your-writes: a subject's cached index with the changes this service issued on top, until
 * this instance has applied the store's confirmation. A change counts as confirmed once this
 * instance applied a change of the same policy with a revision above the one the issuing instance
 * had reached when it issued it; from then the cache reflects the command (or a newer one, e.g. an
 * administrator's revocation, which the overlay must not undo).
 *
 * <p>Only the owned types are overlaid. Remembered confirmations live as long as the source keeps
 * issued changes (the adapter's horizon), and at most {@value #MAXIMUM_REMEMBERED} policies.
 *
 * <p>Only a pending removal can turn the cache's allow into a deny, and removals are issued only on
 * the {@code revokedTypes}: an allow on any other owned type stands without reading the issued
 * changes ({@link #mayRevoke}), which spares the read on the common path (one query per check in
 * the adapter).
 */
final class IssuedChangesOverlay {

    static final long MAXIMUM_REMEMBERED = 1_000_000;

    private final IssuedChanges issued;
    private final Set<String> ownedTypes;
    private final Set<String> revokedTypes;
    /** Policy -> the highest revision of a change of it this instance applied. */
    private final Cache<Policy, Long> applied;

    IssuedChangesOverlay(IssuedChanges issued, Set<String> ownedTypes, Set<String> revokedTypes,
            Duration remembered) {
        this.issued = issued;
        this.ownedTypes = ownedTypes;
        this.revokedTypes = revokedTypes;
        this.applied = Caffeine.newBuilder().maximumSize(MAXIMUM_REMEMBERED).expireAfterWrite(remembered).build();
    }

    /** Whether decisions on this resource type can differ with the overlay: only the owned types are overlaid. */
    boolean overlays(String resourceType) {
        return ownedTypes.contains(resourceType);
    }

    /** Whether this service may have issued a removal on this type: then an allow needs the overlay too. */
    boolean mayRevoke(String resourceType) {
        return revokedTypes.contains(resourceType);
    }

    /** Remembers that this instance applied {@code change} (every change, cached subject or not). */
    void applied(PolicyChange change) {
        if (ownedTypes.contains(change.policy().resourceType())) {
            applied.asMap().merge(change.policy(), change.revision(), Math::max);
        }
    }

    /**
     * The issued changes of {@code subject} this instance has not seen confirmed, oldest first. Read
     * BEFORE the subject's index: a confirmation is recorded only after the cache applied the
     * change, so an index read after this call reflects every change it left out. (Read the other
     * way round, a confirmation arriving in between would leave a change in neither.)
     */
    List<PolicyChange> unconfirmed(String subject) {
        List<IssuedChange> changes;
        try {
            changes = issued.of(subject);
        } catch (RuntimeException e) {
            throw new AuthorizationUnavailableException(
                    "the issued policy changes of subject " + subject + " are unavailable: " + e.getMessage(), e);
        }
        List<PolicyChange> pending = null;
        for (IssuedChange change : changes) {
            if (!ownedTypes.contains(change.policy().resourceType()) || !change.policy().subject().equals(subject)) {
                continue;
            }
            Long confirmed = applied.getIfPresent(change.policy());
            if (confirmed == null || confirmed <= change.afterRevision()) {
                if (pending == null) {
                    pending = new java.util.ArrayList<>();
                }
                pending.add(new PolicyChange(change.method(), change.policy(), Long.MAX_VALUE));
            }
        }
        return pending == null ? List.of() : pending;
    }

    /** {@code index} with {@code pending} (from {@link #unconfirmed}) applied, oldest first. */
    static PolicyIndex over(PolicyIndex index, List<PolicyChange> pending) {
        PolicyIndex overlaid = index;
        for (PolicyChange change : pending) {
            overlaid = overlaid.applying(change);
        }
        return overlaid;
    }
}
