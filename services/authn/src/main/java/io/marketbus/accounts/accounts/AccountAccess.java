package io.marketbus.accounts.accounts;

import io.marketbus.contract.events.AccountRole;
import io.marketbus.support.web.VisibleRows;

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
     * The accounts the caller may list (an id that is no number names no account).
     *
     * @throws io.marketbus.authz.AuthorizationUnavailableException (503) when it cannot be decided
     */
    VisibleRows<Long> readable();
}
