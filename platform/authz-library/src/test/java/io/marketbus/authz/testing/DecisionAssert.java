package io.marketbus.authz.testing;

import io.marketbus.authz.Authorizer;
import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.policy.Policy;
import java.util.Set;

/**
 * One-line decision assertions, with requests written like policies:
 * {@code assertDecisions(authorizer).allows("10:get:orders:15").denies("10:cancel:orders:16")}.
 */
public final class DecisionAssert {

    private final Authorizer authorizer;

    private DecisionAssert(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    public static DecisionAssert assertDecisions(Authorizer authorizer) {
        return new DecisionAssert(authorizer);
    }

    /** Each {@code sub:action:type:id} request must be allowed. */
    public DecisionAssert allows(String... requests) {
        return expect(true, requests);
    }

    /** Each {@code sub:action:type:id} request must be denied. */
    public DecisionAssert denies(String... requests) {
        return expect(false, requests);
    }

    /** {@code sub:action:type} must see exactly {@code ids} (no wildcard grant). */
    public DecisionAssert sees(String listing, String... ids) {
        return expectVisible(listing, VisibleIds.only(Set.of(ids)));
    }

    /** {@code sub:action:type} must see every id (a wildcard grant). */
    public DecisionAssert seesAll(String listing) {
        return expectVisible(listing, VisibleIds.all());
    }

    private DecisionAssert expect(boolean allowed, String... requests) {
        for (String request : requests) {
            Policy r = Policy.parse(request);
            boolean actual = authorizer.check(r.subject(), r.action(), r.resourceType(), r.resourceId());
            if (actual != allowed) {
                throw new AssertionError(
                        "expected " + request + " to be " + (allowed ? "allowed" : "denied") + " but it was "
                                + (actual ? "allowed" : "denied"));
            }
        }
        return this;
    }

    private DecisionAssert expectVisible(String listing, VisibleIds expected) {
        String[] parts = listing.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("listing must be sub:action:type, got " + listing);
        }
        VisibleIds actual = authorizer.visibleIds(parts[0], parts[1], parts[2]);
        if (!actual.equals(expected)) {
            throw new AssertionError(
                    "expected " + listing + " to see " + expected + " but it sees " + actual);
        }
        return this;
    }
}
