package io.marketbus.accounts.accounts;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id with OWASP's minimum (m = 19 MiB, t = 2, p = 1). An unknown email costs the same as a
 * wrong password: the candidate is checked against a dummy hash.
 */
@Component
class Passwords {

    static final int SALT_LENGTH = 16;
    static final int HASH_LENGTH = 32;
    static final int PARALLELISM = 1;
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;

    private final Argon2PasswordEncoder encoder =
            new Argon2PasswordEncoder(SALT_LENGTH, HASH_LENGTH, PARALLELISM, MEMORY_KIB, ITERATIONS);
    private final String dummyHash;

    Passwords() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.dummyHash = encoder.encode(Base64.getEncoder().encodeToString(random));
    }

    String hash(String password) {
        return encoder.encode(password);
    }

    boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    /** Spends the time of a real check, for an email that has no account; always false. */
    boolean matchesNothing(String password) {
        encoder.matches(password, dummyHash);
        return false;
    }

    /** Whether a stored hash was made with weaker parameters than today's and should be redone. */
    boolean needsRehash(String hash) {
        return encoder.upgradeEncoding(hash);
    }
}
