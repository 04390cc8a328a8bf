package io.marketbus.support.security;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.events.AccountRevoked;
import io.marketbus.eventbus.BroadcastHandler;
import io.marketbus.eventbus.EventBus;
import io.marketbus.eventbus.EventSubscriptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * This instance's view of revoked accounts: from every event-account-revoked (per-instance
 * delivery, so every instance of every service sees each one) the account id and the instant up to
 * which its tokens are refused. A token of such an account issued ({@code iat}) at or before that
 * instant fails validation, so the request gets 401 as for any bad token.
 *
 * <p>Bounded by the token lifetime limit ({@code marketbus.security.token-lifetime-limit}): no token
 * lives longer (the validator refuses one that would), so a revocation older than the limit can
 * refuse nothing any more and is forgotten. For the same reason an instance that starts reads the
 * revocations of the last limit's worth from the stream (its consumer starts that far back), so it
 * learns every revocation that still matters, not only those after its start.
 */
public final class RevokedAccounts implements OAuth2TokenValidator<Jwt>, EventSubscriptions {

    private static final Logger log = LoggerFactory.getLogger(RevokedAccounts.class);

    private static final OAuth2Error REVOKED = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
            "The account's tokens were revoked", null);

    private final Map<String, Instant> revokedUpTo = new ConcurrentHashMap<>();
    /** Told the account id of every revocation handled (the authz cache: a deleted account's policies are gone). */
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Duration lifetimeLimit;
    private final Clock clock;

    public RevokedAccounts(Duration lifetimeLimit, Clock clock) {
        this.lifetimeLimit = lifetimeLimit;
        this.clock = clock;
    }

    /** Tokens of {@code subject} issued at or before {@code upTo} are refused from now on. */
    public void revoke(String subject, Instant upTo) {
        Instant now = clock.instant();
        revokedUpTo.values().removeIf(at -> forgettable(at, now));
        if (!forgettable(upTo, now)) {
            revokedUpTo.merge(subject, upTo, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** {@code listener} is told the account id of every event-account-revoked from now on (before start). */
    public void onRevoked(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** The revocations held now (their number is what the lifetime limit bounds). */
    public int size() {
        return revokedUpTo.size();
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        Instant issuedAt = token.getIssuedAt();
        Instant expiresAt = token.getExpiresAt();
        if (issuedAt == null || expiresAt == null || Duration.between(issuedAt, expiresAt).compareTo(lifetimeLimit) > 0) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                    "A token must carry iat and exp and live at most " + lifetimeLimit, null));
        }
        String subject = token.getSubject();
        Instant revoked = subject == null ? null : revokedUpTo.get(subject); // no subject: refused by another validator
        if (revoked != null && !issuedAt.isAfter(revoked)) {
            return OAuth2TokenValidatorResult.failure(REVOKED);
        }
        return OAuth2TokenValidatorResult.success();
    }

    @Override
    public void subscribe(EventBus bus) {
        bus.onEveryInstance(AccountRevoked.class, new BroadcastHandler<>() {
            @Override
            public void handle(CloudEvent<AccountRevoked> event, long streamSequence) {
                AccountRevoked revoked = event.data();
                revoke(Long.toString(revoked.accntId()), revoked.revokedAt());
                listeners.forEach(listener -> listener.accept(Long.toString(revoked.accntId())));
                log.info("Tokens of account {} issued up to {} are refused", revoked.accntId(), revoked.revokedAt());
            }

            @Override
            public Duration replay() {
                return lifetimeLimit;
            }

            // onReset keeps the view: a revocation never becomes wrong, it only ages out.
        });
    }

    private boolean forgettable(Instant revokedAt, Instant now) {
        return revokedAt.plus(lifetimeLimit).isBefore(now);
    }
}
