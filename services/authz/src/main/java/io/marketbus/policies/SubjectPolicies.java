package io.marketbus.policies;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.marketbus.authz.cache.PolicySnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.function.Function;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * This instance's memory of whole policy sets by subject, warmed when an account logs in so its first
 * requests are served without a query. Entries are dropped, never patched, when a policy of the
 * subject changes (here or, through event-policy-updated, on another instance); Caffeine makes an
 * invalidation wait for a load in progress, so a load can never outlive the change that dropped it.
 */
@Component
@EnableConfigurationProperties(SubjectPoliciesProperties.class)
class SubjectPolicies {

    private final Cache<String, PolicySnapshot> cache;

    SubjectPolicies(SubjectPoliciesProperties settings, MeterRegistry meters) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(settings.maximumSubjects())
                .expireAfterAccess(settings.expireAfterAccess())
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(meters, cache, "authzsvc.subject-policies");
    }

    PolicySnapshot get(String subject, Function<String, PolicySnapshot> load) {
        return cache.get(subject, load);
    }

    boolean contains(String subject) {
        return cache.getIfPresent(subject) != null;
    }

    void invalidate(String subject) {
        cache.invalidate(subject);
    }

    void invalidateAll() {
        cache.invalidateAll();
    }
}
