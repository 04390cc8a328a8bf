package io.marketbus.accounts.accounts;

import io.marketbus.contract.events.AccountRole;
import java.time.Instant;

/** An account as the rest of the service sees it: never with its password hash. */
public record Account(long id, String name, String email, AccountRole role, Instant createdAt) {

    /** The {@code role} claim and policy spelling: {@code customer}, {@code seller}, {@code admin}. */
    public String roleName() {
        return RoleNames.nameOf(role);
    }
}
