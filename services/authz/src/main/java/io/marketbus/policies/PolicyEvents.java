package io.marketbus.policies;

import io.marketbus.authz.policy.InvalidPolicyException;
import io.marketbus.authz.policy.Policy;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.events.AccountAuthenticated;
import io.marketbus.contract.events.AccountDeleted;
import io.marketbus.contract.events.PolicyUpdated;
import io.marketbus.contract.events.RemovePolicy;
import io.marketbus.contract.events.UpsertPolicy;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.eventbus.RejectedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What authzsvc does with the events it receives (its receive operations in the contract). */
@Configuration(proxyBeanMethods = false)
class PolicyEvents {

    private static final Logger log = LoggerFactory.getLogger(PolicyEvents.class);

    @Bean
    EventSubscriptions policySubscriptions(Policies policies, SubjectPolicies cache, EventCodec codec) {
        CommandIssuers issuers = new CommandIssuers(codec.catalogue());
        return bus -> bus
                // Each runs in the handler's transaction, with the inbox. The subject names the issuer,
                // who must own the type; the stream sequence (receipt), not the sender's clock, orders
                // commands on one policy, which may be handled out of order (they have two consumers).
                .onReceipt(UpsertPolicy.class, (e, receipt) -> {
                    UpsertPolicy c = e.data();
                    issuers.authorize(c.eventName(), receipt.subject(), c.resourceType());
                    try {
                        policies.upsert(policy(c.subject(), c.action(), c.resourceType(), c.resourceId()),
                                receipt.streamSequence());
                    } catch (SubjectDeleted deleted) {
                        throw new RejectedEvent(deleted.getMessage(), deleted);
                    }
                })
                .onReceipt(RemovePolicy.class, (e, receipt) -> {
                    RemovePolicy c = e.data();
                    issuers.authorize(c.eventName(), receipt.subject(), c.resourceType());
                    policies.remove(policy(c.subject(), c.action(), c.resourceType(), c.resourceId()),
                            receipt.streamSequence());
                })
                .on(AccountDeleted.class, e -> {
                    int removed = policies.delete(Long.toString(e.data().accntId()));
                    log.info("Account {} deleted: removed its {} policies", e.data().accntId(), removed);
                })
                // Per instance: warm this instance's cache at login; drop what another instance changed.
                .onEveryInstance(AccountAuthenticated.class, (e, seq) -> policies.warmUp(Long.toString(e.data().accntId())))
                .onEveryInstance(PolicyUpdated.class, new io.marketbus.eventbus.BroadcastHandler<>() {
                    @Override
                    public void handle(io.marketbus.contract.CloudEvent<PolicyUpdated> event, long sequence) {
                        cache.invalidate(event.data().subject());
                    }

                    @Override
                    public void onReset() {
                        cache.invalidateAll();
                    }
                });
    }

    /** A policy from an event; one that breaks the policy rules can never be applied: dead-letter it. */
    private static Policy policy(String subject, String action, String type, String id) {
        try {
            return new Policy(subject, action, type, id);
        } catch (InvalidPolicyException e) {
            throw new RejectedEvent("Invalid policy: " + e.getMessage(), e);
        }
    }
}
