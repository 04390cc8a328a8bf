package io.marketbus.accounts.accounts;

import io.marketbus.contract.events.AccountRole;
import java.util.Set;

/**
 * Every authorization decision about accounts, in one place. Today a role/ownership rule
 * ({@link OwnershipAccountAccess}); to move to the policies of the authz service, implement this with
 * the shared {@code io.marketbus.authz.Authorizer} ({@code check(subject, "get", "accounts", id)},
 * {@code visibleIds(subject, "get", "accounts")}) and make that the bean: nothing else changes.
 */
interface AccountAccess {

    boolean mayRead(Caller caller, long accountId);

    boolean mayDelete(Caller caller, long accountId);

    /** Sign-up is open for customers and sellers; only an administrator creates an administrator. */
    boolean mayCreate(Caller caller, AccountRole role);

    /** The accounts the caller may list. */
    Visible readable(Caller caller);

    /** Either every account, or the given ids. */
    record Visible(boolean all, Set<Long> ids) {
        static Visible everything() {
            return new Visible(true, Set.of());
        }

        static Visible only(Set<Long> ids) {
            return new Visible(false, Set.copyOf(ids));
        }
    }
}
