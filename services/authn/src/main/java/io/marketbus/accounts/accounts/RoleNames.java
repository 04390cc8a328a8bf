package io.marketbus.accounts.accounts;

import io.marketbus.contract.events.AccountRole;
import java.util.Locale;

/** The spelling of {@link AccountRole} in tokens, the database and the API. */
final class RoleNames {

    private RoleNames() {}

    static String nameOf(AccountRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    static AccountRole parse(String name) {
        return AccountRole.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
