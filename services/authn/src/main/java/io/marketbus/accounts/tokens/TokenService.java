package io.marketbus.accounts.tokens;

import io.marketbus.accounts.AuthnProperties;
import io.marketbus.accounts.accounts.Account;
import io.marketbus.accounts.accounts.Accounts;
import io.marketbus.accounts.accounts.Emails;
import io.marketbus.accounts.bruteforce.LoginThrottle;
import io.marketbus.contract.events.AccountAuthenticated;
import io.marketbus.contract.events.SuspiciousActivity;
import io.marketbus.eventbus.Outbox;
import io.marketbus.support.security.SecurityProperties;
import io.marketbus.support.web.ProblemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Login, refresh-token rotation with reuse detection, logout, and service tokens. */
@Service
class TokenService {

    static final String SERVICE_ROLE = "service";
    static final String SERVICE_SUBJECT_PREFIX = "svc:";

    /** An access token with, for accounts, its refresh token. */
    record Tokens(AccessTokens.Issued access, String refreshToken, long refreshExpiresIn) {}

    private enum Outcome { ROTATED, INVALID, REUSED }

    private record Rotation(Outcome outcome, Account account, String refreshToken) {}

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);

    private final Accounts accounts;
    private final LoginThrottle throttle;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final ServiceClients serviceClients;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AuthnProperties.Tokens lifetimes;

    TokenService(Accounts accounts, LoginThrottle throttle, AccessTokens accessTokens, RefreshTokens refreshTokens,
                 ServiceClients serviceClients, Outbox outbox, PlatformTransactionManager transactions, Clock clock,
                 AuthnProperties properties, SecurityProperties security) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.serviceClients = serviceClients;
        this.outbox = outbox;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.lifetimes = properties.tokens();
        // Every service refuses a token living longer than the limit (and forgets revocations after it).
        for (Duration ttl : new Duration[] {lifetimes.accessTokenTtl(), lifetimes.serviceTokenTtl()}) {
            if (ttl.compareTo(security.tokenLifetimeLimit()) > 0) {
                throw new IllegalStateException("marketbus.authn.tokens: a lifetime of " + ttl
                        + " is longer than marketbus.security.token-lifetime-limit (" + security.tokenLifetimeLimit() + ")");
            }
        }
    }

    /**
     * Checks email and password (429 while throttled, 401 when wrong: the same answer for an unknown
     * email, 503 when no password-hashing turn came in time), then issues a token pair and fires
     * event-account-authenticated. The attempt is counted before the password is checked
     * ({@link LoginThrottle#reserveAttempt}), so parallel guesses cannot outrun the lock.
     */
    Tokens login(String email, String password, String clientAddress) {
        String key = LoginThrottle.accountKey(Emails.normalize(email));
        throttle.reserveAttempt(key, accounts.idOf(email).orElse(0L), clientAddress);
        Optional<Account> authenticated;
        try {
            authenticated = accounts.authenticate(email, password);
        } catch (RuntimeException e) {
            throttle.refund(key, clientAddress); // never checked: it is no failed guess
            throw e;
        }
        if (authenticated.isEmpty()) {
            throw unauthorized("invalid-credentials", "Invalid email or password");
        }
        Account account = authenticated.get();
        throttle.recordSuccess(key, clientAddress);
        Instant now = clock.instant();
        String refresh = tx.execute(status -> {
            String token = refreshTokens.issue(UUID.randomUUID().toString(), account.id(), now,
                    now.plus(lifetimes.refreshTokenTtl()));
            outbox.append(Long.toString(account.id()), new AccountAuthenticated(account.id()));
            return token;
        });
        return new Tokens(accessFor(account), refresh, lifetimes.refreshTokenTtl().toSeconds());
    }

    /**
     * Exchanges a refresh token for a new pair. A token works once: presenting a used one again
     * revokes its whole family (the thief's and the owner's tokens alike) and fires
     * event-suspicious-activity.
     */
    Tokens refresh(String refreshToken) {
        Instant now = clock.instant();
        Rotation rotation = tx.execute(status -> {
            Optional<RefreshTokens.Row> found = refreshTokens.lock(refreshToken);
            if (found.isEmpty() || found.get().revokedAt() != null) {
                return new Rotation(Outcome.INVALID, null, null);
            }
            RefreshTokens.Row row = found.get();
            if (row.usedAt() != null) {
                int revoked = refreshTokens.revokeFamily(row.familyId(), now);
                outbox.append(Long.toString(row.accountId()), new SuspiciousActivity(LoginThrottle.requestId(),
                        row.accountId(), "accounts", Long.toString(row.accountId()), "refresh",
                        "A used refresh token was presented again: its family (" + revoked
                                + " live tokens) is revoked", SuspiciousActivity.Severity.HIGH));
                return new Rotation(Outcome.REUSED, null, null);
            }
            if (!row.expiresAt().isAfter(now)) {
                return new Rotation(Outcome.INVALID, null, null);
            }
            Optional<Account> account = accounts.find(row.accountId());
            if (account.isEmpty()) {
                return new Rotation(Outcome.INVALID, null, null);
            }
            refreshTokens.markUsed(row.id(), now);
            String next = refreshTokens.issue(row.familyId(), row.accountId(), now, now.plus(lifetimes.refreshTokenTtl()));
            return new Rotation(Outcome.ROTATED, account.get(), next);
        });
        if (rotation.outcome() == Outcome.REUSED) {
            log.warn("Refresh token reuse detected: token family revoked");
        }
        if (rotation.outcome() != Outcome.ROTATED) {
            throw unauthorized("invalid-refresh-token", "The refresh token is invalid, expired or revoked");
        }
        return new Tokens(accessFor(rotation.account()), rotation.refreshToken(), lifetimes.refreshTokenTtl().toSeconds());
    }

    /** Revokes the token's family; unknown tokens are ignored (the answer is the same). */
    void logout(String refreshToken) {
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> refreshTokens.lock(refreshToken)
                .ifPresent(row -> refreshTokens.revokeFamily(row.familyId(), now)));
    }

    /**
     * A service token ({@code sub} = {@code svc:<name>}, {@code role} = service) for a configured client.
     * The right secret always gets one: client secrets are long and random, so guessing them online
     * is hopeless, and a lock on the client id would only let a caller without the secret shut a
     * service out. Wrong secrets count against the caller's address alone.
     */
    AccessTokens.Issued serviceToken(String clientId, String clientSecret, String clientAddress) {
        if (serviceClients.authenticate(clientId, clientSecret)) {
            return accessTokens.issue(SERVICE_SUBJECT_PREFIX + clientId, SERVICE_ROLE, lifetimes.serviceTokenTtl());
        }
        // Only the caller's address is throttled (429 once locked), never the client id.
        throttle.reserveAttempt(null, 0, clientAddress);
        throw unauthorized("invalid-client", "Invalid client credentials");
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void purgeExpiredRefreshTokens() {
        refreshTokens.purgeExpired(clock.instant().minus(Duration.ofDays(1)));
    }

    private AccessTokens.Issued accessFor(Account account) {
        return accessTokens.issue(Long.toString(account.id()), account.roleName(), lifetimes.accessTokenTtl());
    }

    private static ProblemException unauthorized(String type, String detail) {
        return new ProblemException(HttpStatus.UNAUTHORIZED, type, "Unauthorized", detail, Map.of(),
                Map.of("WWW-Authenticate", "Bearer"));
    }
}
