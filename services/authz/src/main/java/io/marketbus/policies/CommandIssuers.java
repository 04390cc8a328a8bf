package io.marketbus.policies;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.ResourceOwnership;
import io.marketbus.contract.ServiceName;
import io.marketbus.eventbus.RejectedEvent;

/**
 * Who may command what: a policy command names its issuer in the subject it arrived on (only that
 * service may publish there), and an issuer may grant or remove only policies of the resource types
 * the contract says it owns. Administrators change other policies over the authenticated HTTP API.
 */
final class CommandIssuers {

    private final EventCatalogue catalogue;
    private final ResourceOwnership ownership;

    CommandIssuers(EventCatalogue catalogue) {
        this.catalogue = catalogue;
        this.ownership = catalogue.ownership();
    }

    /**
     * The issuer of a command that arrived on {@code subject} (contract form, without namespace).
     *
     * @throws RejectedEvent when the subject names no issuer, or the issuer does not own {@code resourceType}
     */
    ServiceName authorize(String eventName, String subject, String resourceType) {
        ServiceName issuer = catalogue.get(eventName).senderOf(subject).orElseThrow(() -> new RejectedEvent(
                eventName + " arrived on " + subject + ", which names no issuer of the contract"));
        if (!ownership.owns(issuer, resourceType)) {
            throw new RejectedEvent(issuer + " may not command policies on resource type '" + resourceType
                    + "': it owns " + ownership.ownedBy(issuer) + ownership.ownerOf(resourceType)
                    .map(owner -> ", " + resourceType + " belong to " + owner).orElse(", nobody owns " + resourceType));
        }
        return issuer;
    }
}
