package io.marketbus.accounts.accounts;

import io.marketbus.contract.events.AccountRole;
import java.util.Set;
import org.springframework.stereotype.Component;

/** An administrator may do anything with any account; an account may read and delete itself. */
@Component
class OwnershipAccountAccess implements AccountAccess {

    @Override
    public boolean mayRead(Caller caller, long accountId) {
        return caller.isAdmin() || caller.isAccount(accountId);
    }

    @Override
    public boolean mayDelete(Caller caller, long accountId) {
        return caller.isAdmin() || caller.isAccount(accountId);
    }

    @Override
    public boolean mayCreate(Caller caller, AccountRole role) {
        return role != AccountRole.ADMIN || caller.isAdmin();
    }

    @Override
    public Visible readable(Caller caller) {
        if (caller.isAdmin()) {
            return Visible.everything();
        }
        try {
            return Visible.only(caller.subject() == null ? Set.of() : Set.of(Long.parseLong(caller.subject())));
        } catch (NumberFormatException e) {
            return Visible.only(Set.of()); // a service identity owns no account
        }
    }
}
