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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps one instance's policy cache current: every event-policy-updated is applied (per-instance
 * delivery, so every instance of every service sees it), a reset subscription drops everything, and
 * event-account-authenticated warms the cache for the account that just logged in. An
 * event-policy-updated that cannot be decoded (dead-lettered) may have been a revocation: the
 * subject it names is dropped, so its next check reloads; when it names none, everything is.
 */
public final class PolicyCacheUpdates implements EventSubscriptions {

    private static final Logger log = LoggerFactory.getLogger(PolicyCacheUpdates.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

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

                    @Override
                    public void onUndecodable(byte[] data) {
                        reset(data);
                    }
                })
                .onEveryInstance(AccountAuthenticated.class,
                        (event, sequence) -> cache.warmUp(Long.toString(event.data().accntId())));
    }

    /** Drops the subject an undecodable event names (its data's, else the CloudEvent's), or everything. */
    void reset(byte[] data) {
        String subject = null;
        try {
            JsonNode event = JSON.readTree(data);
            subject = text(event.path("data").path("subject"));
            if (subject == null) {
                subject = text(event.path("subject"));
            }
        } catch (RuntimeException e) {
            // Not even JSON: it names nobody.
        }
        if (subject != null) {
            log.warn("an event-policy-updated of subject {} could not be decoded: dropping the subject's cached policies", subject);
            cache.invalidate(subject);
        } else {
            log.warn("an event-policy-updated naming no subject could not be decoded: dropping every cached subject");
            cache.invalidateAll();
        }
    }

    private static String text(JsonNode node) {
        return node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }

    void apply(PolicyUpdated update) {
        Policy policy = new Policy(update.subject(), update.action(), update.resourceType(), update.resourceId());
        cache.apply(update.method() == PolicyUpdated.Method.PUT
                ? PolicyChange.put(policy, update.revision())
                : PolicyChange.delete(policy, update.revision()));
    }
}
