package io.marketbus.accounts.accounts;

import io.marketbus.authz.VisibleIds;
import io.marketbus.contract.events.AccountRole;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every authorization decision about accounts, in one place ({@link PolicyAccountAccess}: the
 * caller's authz policies on {@code accounts}, through the shared authz library).
 *
 * <p>Reads, deletes and lists are decided for the caller of the current request; sign-up, which
 * anyone may call, by a role rule.
 */
interface AccountAccess {

    /**
     * Requires that the caller may read the account.
     *
     * @throws io.marketbus.support.authz.Permissions.PermissionDenied (403) when it may not
     * @throws io.marketbus.authz.AuthorizationUnavailableException (503) when it cannot be decided
     */
    void requireRead(long accountId);

    /**
     * Requires that the caller may delete the account.
     *
     * @throws io.marketbus.support.authz.Permissions.PermissionDenied (403) when it may not
     * @throws io.marketbus.authz.AuthorizationUnavailableException (503) when it cannot be decided
     */
    void requireDelete(long accountId);

    /** Sign-up is open for customers and sellers; only an administrator creates an administrator. */
    boolean mayCreate(Caller caller, AccountRole role);

    /**
     * The accounts the caller may list.
     *
     * @throws io.marketbus.authz.AuthorizationUnavailableException (503) when it cannot be decided
     */
    Visible readable();

    /** Either every account, or the given ids. */
    record Visible(boolean all, Set<Long> ids) {
        static Visible everything() {
            return new Visible(true, Set.of());
        }

        static Visible only(Set<Long> ids) {
            return new Visible(false, Set.copyOf(ids));
        }

        /** The account ids among what the policies make visible (an id that is no number names no account). */
        static Visible of(VisibleIds visible) {
            if (visible.isAll()) {
                return everything();
            }
            return only(((VisibleIds.Only) visible).ids().stream()
                    .map(Visible::accountId)
                    .flatMap(Optional::stream)
                    .collect(Collectors.toSet()));
        }

        private static Optional<Long> accountId(String id) {
            try {
                return Optional.of(Long.parseLong(id));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
