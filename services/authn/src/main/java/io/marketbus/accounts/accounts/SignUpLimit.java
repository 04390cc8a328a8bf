package io.marketbus.accounts.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.marketbus.accounts.AuthnProperties;
import io.marketbus.support.web.ProblemException;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Sign-ups per client address ({@code marketbus.authn.sign-up-limit.*}): a Resilience4j rate limiter
 * per address, at most {@code per-address} sign-ups in each {@code period}; more get 429 problem+json
 * with {@code Retry-After}. Per instance, in memory: the limiters live in a bounded cache and an
 * address unseen for a period is forgotten (its window would have refreshed anyway).
 */
@Component
class SignUpLimit {

    /** Addresses remembered at most; beyond it the least recently seen are forgotten. */
    static final long MAX_ADDRESSES = 100_000;

    private final boolean enabled;
    private final RateLimiterConfig config;
    private final Cache<String, RateLimiter> limiters;
    private final Duration period;

    SignUpLimit(AuthnProperties properties) {
        AuthnProperties.SignUpLimit settings = properties.signUpLimit();
        this.enabled = settings.enabled();
        this.period = settings.period();
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(Math.max(1, settings.perAddress()))
                .limitRefreshPeriod(settings.period())
                .timeoutDuration(Duration.ZERO)
                .build();
        this.limiters = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES).expireAfterAccess(settings.period()).build();
    }

    /** @throws ProblemException 429 with Retry-After when the address has used up its sign-ups */
    void take(String clientAddress) {
        if (!enabled) {
            return;
        }
        RateLimiter limiter = limiters.get(clientAddress, address -> RateLimiter.of("sign-up " + address, config));
        if (limiter.acquirePermission()) {
            return;
        }
        long nanos = limiter instanceof AtomicRateLimiter atomic ? atomic.getDetailedMetrics().getNanosToWait() : 0;
        long seconds = Math.max(1, (nanos > 0 ? nanos : period.toNanos()) / 1_000_000_000L + 1);
        throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-sign-ups", "Too many sign-ups",
                "Too many sign-ups from this address: try again in " + seconds + " s",
                Map.of("retry_after", seconds), Map.of("Retry-After", Long.toString(seconds)));
    }
}
