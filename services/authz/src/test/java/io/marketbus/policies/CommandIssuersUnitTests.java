package io.marketbus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.ServiceName;
import io.marketbus.eventbus.RejectedEvent;
import org.junit.jupiter.api.Test;

/** The ownership decision on policy commands, from the contract's x-owns. */
class CommandIssuersUnitTests {

    final CommandIssuers issuers = new CommandIssuers(EventCatalogue.load());

    @Test
    void theOwnerOfATypeMayCommandIt() {
        assertThat(issuers.authorize("event-upsert-policy", "authzsvc.event-upsert-policy.ordersvc", "orders"))
                .isEqualTo(ServiceName.ORDER);
        assertThat(issuers.authorize("event-remove-policy", "authzsvc.event-remove-policy.inventorysvc", "products"))
                .isEqualTo(ServiceName.INVENTORY);
        assertThat(issuers.authorize("event-upsert-policy", "authzsvc.event-upsert-policy.authnsvc", "accounts"))
                .as("the administrator's grant on accounts at sign-up").isEqualTo(ServiceName.AUTHN);
    }

    @Test
    void anotherTypeIsRefusedWithItsOwnerNamed() {
        assertThatThrownBy(() -> issuers.authorize("event-upsert-policy", "authzsvc.event-upsert-policy.ordersvc",
                "accounts")).isInstanceOf(RejectedEvent.class)
                .hasMessageContaining("ordersvc may not command policies on resource type 'accounts'")
                .hasMessageContaining("accounts belong to authnsvc");
        assertThatThrownBy(() -> issuers.authorize("event-upsert-policy", "authzsvc.event-upsert-policy.paymentsvc",
                "wallets")).isInstanceOf(RejectedEvent.class).hasMessageContaining("nobody owns wallets");
    }

    @Test
    void aSubjectThatNamesNoIssuerIsRefused() {
        for (String subject : new String[] {"authzsvc.event-upsert-policy", "authzsvc.event-upsert-policy.authzsvc",
                "authzsvc.event-upsert-policy.mallory"}) {
            assertThatThrownBy(() -> issuers.authorize("event-upsert-policy", subject, "orders"))
                    .as(subject).isInstanceOf(RejectedEvent.class).hasMessageContaining("names no issuer");
        }
    }
}
