package io.marketbus.accounts;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketbus.authn.*}: this service's settings. The issuer and audience of its tokens are the
 * ones every service verifies ({@code marketbus.security.issuer}, {@code marketbus.security.audience}).
 *
 * @param bootstrapAdmin the administrator account created at start-up when missing
 * @param tokens         lifetimes of the tokens issued
 * @param keys           signing-key rotation
 * @param bruteForce     failed-login throttling
 * @param passwordHashing how many password hashes may run at once
 * @param signUpLimit    sign-ups per client address
 * @param serviceClients client secrets of the services that may obtain a service token, by bus name
 */
@ConfigurationProperties("marketbus.authn")
public record AuthnProperties(
        @DefaultValue BootstrapAdmin bootstrapAdmin,
        @DefaultValue Tokens tokens,
        @DefaultValue Keys keys,
        @DefaultValue BruteForce bruteForce,
        @DefaultValue PasswordHashing passwordHashing,
        @DefaultValue SignUpLimit signUpLimit,
        Map<String, String> serviceClients) {

    public AuthnProperties {
        serviceClients = serviceClients == null ? Map.of() : Map.copyOf(serviceClients);
    }

    /**
     * @param enabled  whether to create the account at all
     * @param email    its email
     * @param name     its display name
     * @param password its password; when blank a random one is generated and written to
     *                 {@code <marketbus.data-dir>/authnsvc-admin-password.txt} (owner-only), never logged
     */
    public record BootstrapAdmin(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("admin@marketbus.local") String email,
            @DefaultValue("Administrator") String name,
            @DefaultValue("") String password) {

        @Override
        public String toString() {
            return "BootstrapAdmin[enabled=" + enabled + ", email=" + email + ", name=" + name + ", password=***]";
        }
    }

    /**
     * @param accessTokenTtl  lifetime of an access token
     * @param refreshTokenTtl lifetime of a refresh token (each refresh issues a new one)
     * @param serviceTokenTtl lifetime of a service (client-credentials) token
     */
    public record Tokens(
            @DefaultValue("10m") Duration accessTokenTtl,
            @DefaultValue("14d") Duration refreshTokenTtl,
            @DefaultValue("5m") Duration serviceTokenTtl) {}

    /**
     * @param rotateEvery a new signing key once the newest is this old (0 = only on demand)
     * @param retireGrace how long past the last token it could have signed a replaced key stays published
     */
    public record Keys(
            @DefaultValue("30d") Duration rotateEvery,
            @DefaultValue("1m") Duration retireGrace) {}

    /**
     * Keycloak's model: every {@code failureFactor} failures within {@code window} lock for
     * {@code waitIncrement} times the number of lockouts so far, at most {@code maxWait}.
     *
     * @param enabled             whether to throttle at all
     * @param failureFactor       failures per account (email) before a lock
     * @param clientFailureFactor failures per client address before a lock
     * @param window              failures older than this (since the last one) are forgotten
     * @param waitIncrement       lock time added per lockout
     * @param maxWait             the longest lock
     */
    public record BruteForce(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("30") int failureFactor,
            @DefaultValue("100") int clientFailureFactor,
            @DefaultValue("12h") Duration window,
            @DefaultValue("1m") Duration waitIncrement,
            @DefaultValue("15m") Duration maxWait) {}

    /**
     * Each Argon2id hash takes 19 MiB and a core for a while: at most {@code concurrency} run at once
     * (logins, sign-ups), so a flood cannot exhaust heap or CPU; a request waits at most
     * {@code maxWait} for its turn, then gets 503 with {@code Retry-After}.
     *
     * @param concurrency hashes (and checks) at once in this instance
     * @param maxWait     the longest wait for a turn
     */
    public record PasswordHashing(
            @DefaultValue("2") int concurrency,
            @DefaultValue("1s") Duration maxWait) {

        public PasswordHashing {
            if (concurrency < 1) {
                throw new IllegalArgumentException("marketbus.authn.password-hashing.concurrency must be at least 1");
            }
        }
    }

    /**
     * Sign-ups per client address (per instance): at most {@code perAddress} in each {@code period};
     * more get 429 with {@code Retry-After}.
     *
     * @param enabled    whether to limit at all
     * @param perAddress sign-ups per address and period
     * @param period     the period
     */
    public record SignUpLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("100") int perAddress,
            @DefaultValue("10m") Duration period) {}

    @Override
    public String toString() {
        return "AuthnProperties[bootstrapAdmin=" + bootstrapAdmin + ", tokens=" + tokens + ", keys=" + keys
                + ", bruteForce=" + bruteForce + ", passwordHashing=" + passwordHashing + ", signUpLimit=" + signUpLimit
                + ", serviceClients=" + serviceClients.keySet() + "]";
    }
}
