package io.marketbus.console;

import java.io.Serializable;
import java.time.Instant;

/**
 * The signed-in administrator, kept in the server-side session (the browser holds only the HttpOnly
 * session cookie): the access token authnsvc issued, used for the console's calls to the services.
 */
record AdminSession(String email, String accountId, String token, Instant expiresAt) implements Serializable {

    boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
