package io.marketbus.accounts.accounts;

import io.marketbus.authz.policy.InvalidPolicyException;
import io.marketbus.authz.policy.Policy;
import io.marketbus.contract.events.AccountRole;
import io.marketbus.support.authz.Permissions;
import io.marketbus.support.web.VisibleRows;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Account decisions from the caller's authz policies on {@code accounts}
 * ({@code marketbus.authz.owned-types=accounts}): reading needs {@code get} on the account, deleting
 * {@code delete}, a list shows the ids {@code get} is granted on. Every account gets
 * {@code <id>:*:accounts:<id>} at sign-up (and an administrator {@code <id>:*:accounts:*}); an
 * administrator passes anyway (the adapter's {@code marketbus.authz.admin-allows-all}).
 *
 * <p>The policies come from authzsvc, eventually: right after sign-up an account may be refused
 * itself for a moment. Nothing in this service reads an account through here on its own behalf
 * (login, refresh and sign-up use the repository). A denial is a 403 problem+json and is counted
 * for event-suspicious-activity; when the policies cannot be had, 503 (never a silent allow).
 */
@Component
class PolicyAccountAccess implements AccountAccess {

    private final Permissions permissions;

    PolicyAccountAccess(Permissions permissions) {
        this.permissions = permissions;
    }

    @Override
    public void requireRead(long accountId) {
        require("get", accountId);
    }

    @Override
    public void requireDelete(long accountId) {
        require("delete", accountId);
    }

    @Override
    public boolean mayCreate(Caller caller, AccountRole role) {
        return role != AccountRole.ADMIN || caller.isAdmin();
    }

    @Override
    public VisibleRows<Long> readable() {
        if (!permissions.isAdmin() && !holdsPolicies()) {
            return VisibleRows.only(Set.of());
        }
        return VisibleRows.ofNumbers(permissions.visibleIds("get", Accounts.RESOURCE_TYPE));
    }

    private void require(String action, long accountId) {
        String id = Long.toString(accountId);
        if (!permissions.isAdmin() && !holdsPolicies()) {
            // A service identity (svc:<name>) cannot be a policy subject: nothing to ask authzsvc.
            throw new Permissions.PermissionDenied(permissions.subject().orElse(""), action, Accounts.RESOURCE_TYPE, id);
        }
        permissions.require(action, Accounts.RESOURCE_TYPE, id);
    }

    /** Whether the caller's subject can have policies at all (an account id can; {@code svc:<name>} cannot). */
    private boolean holdsPolicies() {
        String subject = permissions.subject().orElse(null);
        if (subject == null) {
            return false;
        }
        try {
            new Policy(subject, Policy.WILDCARD, Accounts.RESOURCE_TYPE, Policy.WILDCARD);
            return true;
        } catch (InvalidPolicyException e) {
            return false;
        }
    }
}
