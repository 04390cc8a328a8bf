package io.marketbus.accounts.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventDefinition;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.AccountAuthenticated;
import io.marketbus.contract.events.AccountCreated;
import io.marketbus.contract.events.AccountDeleted;
import io.marketbus.contract.events.AccountRevoked;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.contract.events.PolicyUpdated;
import io.marketbus.contract.events.SuspiciousActivity;
import io.marketbus.contract.events.UpsertPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What authnsvc sends and receives is in its contract (the outbox and the bus enforce it at run time too). */
class ContractOperationsUnitTests {

    static final EventCatalogue CATALOGUE = EventCatalogue.load();

    static List<String> names(List<Class<? extends EventPayload>> types) {
        return types.stream().map(EventPayload::nameOf).toList();
    }

    @Test
    void everyEventThisServiceFiresIsASendOperationOfIt() {
        List<String> sent = CATALOGUE.sentBy(ServiceName.AUTHN).stream().map(EventDefinition::name).toList();
        assertThat(sent).containsAll(names(List.of(AccountCreated.class, AccountDeleted.class, AccountRevoked.class,
                AccountAuthenticated.class, UpsertPolicy.class, SuspiciousActivity.class)));
    }

    @Test
    void itReceivesExactlyWhatItSubscribes() {
        List<String> received = CATALOGUE.receivedBy(ServiceName.AUTHN).stream().map(EventDefinition::name).toList();
        assertThat(received).containsExactlyInAnyOrderElementsOf(
                names(List.of(PolicyUpdated.class, AccountAuthenticated.class, AccountRevoked.class)));
    }
}
