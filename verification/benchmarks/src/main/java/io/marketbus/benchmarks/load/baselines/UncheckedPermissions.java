package io.marketbus.benchmarks.load.baselines;

import io.marketbus.authz.Authorizer;
import io.marketbus.authz.VisibleIds;
import io.marketbus.support.authz.DenialWatch;
import io.marketbus.support.authz.Permissions;

/**
 * {@code marketbus.authz.mode=off}: every check allows and every listing sees everything, without
 * asking anything: what a request costs with no authorization at all. A benchmark baseline only.
 */
final class UncheckedPermissions extends Permissions {

    /** Nothing may ask it: this mode decides without an authorizer. */
    private static final Authorizer NONE = new Authorizer() {
        @Override
        public boolean check(String subject, String action, String resourceType, String resourceId) {
            throw new IllegalStateException("marketbus.authz.mode=off decides nothing");
        }

        @Override
        public VisibleIds visibleIds(String subject, String action, String resourceType) {
            throw new IllegalStateException("marketbus.authz.mode=off decides nothing");
        }
    };

    UncheckedPermissions(DenialWatch denials) {
        super(NONE, denials, true);
    }

    @Override
    public boolean allows(String action, String type, String id) {
        return true;
    }

    @Override
    public VisibleIds visibleIds(String action, String type) {
        return VisibleIds.all();
    }
}
