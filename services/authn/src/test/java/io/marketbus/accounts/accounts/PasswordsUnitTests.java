package io.marketbus.accounts.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsUnitTests {

    final Passwords passwords = new Passwords();

    @Test
    void hashesWithArgon2idAtOwaspsMinimum() {
        String hash = passwords.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hash).doesNotContain("correct horse battery");
        assertThat(passwords.hash("correct horse battery")).isNotEqualTo(hash); // salted
        assertThat(passwords.matches("correct horse battery", hash)).isTrue();
        assertThat(passwords.matches("correct horse batterY", hash)).isFalse();
        assertThat(passwords.needsRehash(hash)).isFalse();
    }

    @Test
    void anUnknownEmailIsCheckedAgainstADummyHashAndNeverMatches() {
        assertThat(passwords.matchesNothing("anything")).isFalse();
    }

    @Test
    void weakerOldHashesAreRedone() {
        String weak = new org.springframework.security.crypto.argon2.Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode("pw");
        assertThat(passwords.matches("pw", weak)).isTrue();
        assertThat(passwords.needsRehash(weak)).isTrue();
    }
}
