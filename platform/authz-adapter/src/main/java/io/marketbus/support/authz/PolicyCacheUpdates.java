package io.marketbus.support.authz;

import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.authz.metrics.PolicyUpdateLag;
import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.policy.PolicyChange;
import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.events.AccountAuthenticated;
import io.marketbus.contract.events.PolicyUpdated;
import io.marketbus.eventbus.BroadcastHandler;
import io.marketbus.eventbus.EventBus;
import io.marketbus.eventbus.EventSubscriptions;

/**
 * Keeps one instance's policy cache current: every event-policy-updated is applied (per-instance
 * delivery, so every instance of every service sees it), a reset subscription drops everything, and
 * event-account-authenticated warms the cache for the account that just logged in.
 */
public final class PolicyCacheUpdates implements EventSubscriptions {

    private final CachingAuthorizer cache;
    /** Null: not measured. */
    private final PolicyUpdateLag lag;

    public PolicyCacheUpdates(CachingAuthorizer cache) {
        this(cache, null);
    }

    /** Measures each change's lag from authzsvc's commit (the event's time) to this cache. */
    public PolicyCacheUpdates(CachingAuthorizer cache, PolicyUpdateLag lag) {
        this.cache = cache;
        this.lag = lag;
    }

    @Override
    public void subscribe(EventBus bus) {
        bus.onEveryInstance(PolicyUpdated.class, new BroadcastHandler<>() {
                    @Override
                    public void handle(CloudEvent<PolicyUpdated> event, long sequence) {
                        apply(event.data());
                        if (lag != null && event.time() != null) {
                            lag.applied(event.time());
                        }
                    }

                    @Override
                    public void onReset() {
                        cache.invalidateAll();
                    }
                })
                .onEveryInstance(AccountAuthenticated.class,
                        (event, sequence) -> cache.warmUp(Long.toString(event.data().accntId())));
    }

    void apply(PolicyUpdated update) {
        Policy policy = new Policy(update.subject(), update.action(), update.resourceType(), update.resourceId());
        cache.apply(update.method() == PolicyUpdated.Method.PUT
                ? PolicyChange.put(policy, update.revision())
                : PolicyChange.delete(policy, update.revision()));
    }
}
