package io.marketbus.contract.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventDefinition;
import io.marketbus.contract.Namespace;
import io.marketbus.contract.ServiceName;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BusPermissionsUnitTests {

    static final EventCatalogue catalogue = EventCatalogue.load();
    static final BusScope production = BusScope.of(Namespace.NONE);

    @ParameterizedTest
    @EnumSource(ServiceName.class)
    void aServicePublishesExactlyItsOwnSendOperations_andNoOtherServicesEvents(ServiceName service) {
        List<String> publish = BusPermissions.forService(catalogue, service, production).publish();
        for (EventDefinition event : catalogue.events()) {
            for (ServiceName sender : event.senders()) {
                String subject = event.subjectFor(sender);
                boolean mine = event.isSentBy(service) && event.subjectFor(service).equals(subject);
                assertThat(publish.contains(subject)).as("%s publishing %s", service, subject).isEqualTo(mine);
            }
        }
        assertThat(publish).contains("deadletter." + service.busName() + ".>");
    }

    @ParameterizedTest
    @EnumSource(ServiceName.class)
    void aServiceMayNotManageStreamsNorReachOthersDurables(ServiceName service) {
        BusPermissions permissions = BusPermissions.forService(catalogue, service, production);
        assertThat(permissions.publish()).noneMatch(s -> s.startsWith("$JS.API.STREAM."))
                .noneMatch(s -> s.startsWith("$JS.API.CONSUMER.DELETE") || s.startsWith("$JS.API.CONSUMER.DURABLE"))
                .noneMatch(s -> s.equals(">") || s.equals("$JS.>") || s.equals("$JS.API.>"));
        permissions.publish().stream()
                .filter(s -> s.startsWith("$JS.API.CONSUMER.MSG.NEXT.") || s.startsWith("$JS.API.CONSUMER.INFO."))
                .forEach(s -> assertThat(s).endsWith("-" + service.busName()));
        assertThat(permissions.subscribe()).containsExactly("_INBOX_" + service.busName() + ".>");
    }

    @Test
    void ordersvcDecisionTable() {
        List<String> publish = BusPermissions.forService(catalogue, ServiceName.ORDER, production).publish();
        assertThat(publish)
                .contains("ordersvc.event-order-created",
                        "$JS.API.CONSUMER.MSG.NEXT.paymentsvc.event-payment-ordersvc",
                        "$JS.ACK.paymentsvc.event-payment-ordersvc.>",
                        "$JS.API.CONSUMER.CREATE.authzsvc.*.authzsvc.event-policy-updated")
                .doesNotContain("paymentsvc.event-payment", "authnsvc.event-account-deleted",
                        "$JS.API.CONSUMER.MSG.NEXT.ordersvc.event-order-created-inventorysvc");
    }

    @Test
    void anyNamespaceWidensOnlyTheNamespaceToken() {
        List<String> publish = BusPermissions.forService(catalogue, ServiceName.ORDER, BusScope.anyNamespace()).publish();
        assertThat(publish).contains("*.ordersvc.event-order-created",
                "$JS.API.CONSUMER.MSG.NEXT.*.event-payment-ordersvc",
                "$JS.API.CONSUMER.CREATE.*.*.*.authzsvc.event-policy-updated");
        List<String> namespaced = BusPermissions.forService(catalogue, ServiceName.ORDER, BusScope.of(new Namespace("prod"))).publish();
        assertThat(namespaced).contains("prod.ordersvc.event-order-created", "$JS.API.CONSUMER.MSG.NEXT.prod_paymentsvc.event-payment-ordersvc");
    }

    @Test
    void provisioningMayDoEverything_andComesFirst() {
        List<BusPermissions> all = BusPermissions.all(catalogue, production);
        assertThat(all.getFirst().identity()).isEqualTo(BusPermissions.PROVISIONING);
        assertThat(all.getFirst().publish()).containsExactly(">");
        assertThat(all).hasSize(1 + ServiceName.values().length);
    }
}
