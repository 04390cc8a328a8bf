package io.marketbus.accounts.accounts;

import java.util.Locale;

/** Emails are compared case-insensitively: stored and looked up trimmed and in lower case. */
public final class Emails {

    private Emails() {}

    public static String normalize(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
