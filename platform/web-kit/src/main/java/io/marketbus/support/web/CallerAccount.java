package io.marketbus.support.web;

import java.util.OptionalLong;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The account that calls, from the request's access token: an account's token has its id as the
 * subject, while other identities (a service's {@code svc:<name>}) own no account.
 */
public final class CallerAccount {

    private CallerAccount() {}

    /** The caller's account id, if the caller is an account. */
    public static OptionalLong current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth.getName() == null) {
            return OptionalLong.empty();
        }
        try {
            long account = Long.parseLong(auth.getName());
            return account >= 1 ? OptionalLong.of(account) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The caller's account id.
     *
     * @param onlyAnAccount why only an account may do this, e.g. "Only an account can place orders"
     * @throws ProblemException 403 when the caller is no account
     */
    public static long require(String onlyAnAccount) {
        return current().orElseThrow(() -> ProblemException.forbidden(onlyAnAccount));
    }
}
