package io.marketbus.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The contract keeps everything the original catalogue (events.json) said, and describes itself fully. */
class EventCatalogueUnitTests {

    final EventCatalogue catalogue = EventCatalogue.load();

    @Test
    void everyEventAndFieldOfTheOriginalCatalogueIsInTheContract() throws Exception {
        JsonNode original;
        try (InputStream in = getClass().getResourceAsStream("/reference/events.json")) {
            original = JsonMapper.builder().build().readTree(in);
        }
        for (Map.Entry<String, JsonNode> e : original.properties()) {
            EventDefinition event = catalogue.get(e.getKey());
            Set<String> fields = new HashSet<>(event.dataSchema().path("properties").propertyNames());
            for (JsonNode field : e.getValue().path("fields").values()) {
                assertThat(fields).as("fields of %s", e.getKey()).contains(field.path("name").asString());
                assertThat(event.dataSchema().path("required").values().stream().map(JsonNode::asString))
                        .as("required fields of %s", e.getKey()).contains(field.path("name").asString());
            }
            for (JsonNode producer : e.getValue().path("producers").values()) {
                assertThat(event.senders()).as("senders of %s", e.getKey())
                        .contains(ServiceName.ofBusName(producer.asString()));
            }
            JsonNode subscribers = e.getValue().has("subscribers") ? e.getValue().get("subscribers") : e.getValue().path("receiver");
            for (JsonNode subscriber : subscribers.values()) {
                assertThat(event.receivers()).as("receivers of %s", e.getKey())
                        .containsKey(ServiceName.ofBusName(subscriber.asString()));
            }
        }
        // Beyond the original: event-account-revoked (a deleted account's tokens stop working at once),
        // and the confirmations of a cancel's compensation.
        assertThat(catalogue.events().stream().map(EventDefinition::name).filter(name -> !original.has(name)))
                .containsExactly("event-account-revoked", "event-stock-released", "event-payment-refunded");
    }

    @Test
    void whatTheOriginalLackedHasASender() {
        assertThat(catalogue.get("event-suspicious-activity").senders()).containsExactlyInAnyOrder(ServiceName.values());
        assertThat(catalogue.get("event-account-authenticated").senders()).containsExactly(ServiceName.AUTHN);
    }

    @Test
    void everySchemaHasATypeAndEveryPropertyToo() {
        for (Map.Entry<String, JsonNode> s : catalogue.document().path("components").path("schemas").properties()) {
            JsonNode schema = s.getValue();
            if (schema.has("allOf")) {
                schema.get("allOf").values().forEach(part ->
                        assertThat(part.has("type") || part.has("$ref")).as("allOf part of %s", s.getKey()).isTrue());
                continue;
            }
            assertThat(schema.path("type").asString("")).as("type of %s", s.getKey()).isNotEmpty();
            for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                assertThat(p.getValue().path("type").asString("")).as("type of %s.%s", s.getKey(), p.getKey()).isNotEmpty();
            }
            if (!s.getKey().equals("CloudEvent")) {
                assertThat(schema.path("additionalProperties").asBoolean(true)).as("%s forbids unknown fields", s.getKey()).isFalse();
            }
        }
    }

    /** A YAML flow mapping with an unquoted comma silently grows a bogus keyword; catch that here. */
    @Test
    void schemasUseOnlyKnownKeywords() {
        Set<String> known = Set.of("type", "format", "enum", "pattern", "description", "minimum", "maximum",
                "minLength", "maxLength", "const", "$ref", "items", "required", "additionalProperties", "properties", "allOf");
        for (Map.Entry<String, JsonNode> s : catalogue.document().path("components").path("schemas").properties()) {
            assertThat(s.getValue().propertyNames()).as("keywords of %s", s.getKey()).isSubsetOf(known);
            for (Map.Entry<String, JsonNode> p : s.getValue().path("properties").properties()) {
                assertThat(p.getValue().propertyNames()).as("keywords of %s.%s", s.getKey(), p.getKey()).isSubsetOf(known);
            }
        }
    }

    @Test
    void subjectsAreStreamDotEventName_onTheFiveServiceStreams_policyCommandsNameTheirIssuer() {
        assertThat(catalogue.streams()).containsExactly("authnsvc", "authzsvc", "inventorysvc", "ordersvc", "paymentsvc");
        for (EventDefinition e : catalogue.events()) {
            for (String subject : e.subjects()) {
                String pattern = e.name().endsWith("-policy") && !e.name().equals("event-policy-updated")
                        ? "authzsvc\\." + e.name() + "\\.(authnsvc|ordersvc|inventorysvc|paymentsvc)"
                        : "(authnsvc|authzsvc|ordersvc|inventorysvc|paymentsvc)\\." + e.name();
                assertThat(subject).matches(pattern);
            }
        }
        assertThat(catalogue.get("event-upsert-policy").subjects()).containsExactlyInAnyOrder(
                "authzsvc.event-upsert-policy.authnsvc", "authzsvc.event-upsert-policy.ordersvc",
                "authzsvc.event-upsert-policy.inventorysvc", "authzsvc.event-upsert-policy.paymentsvc");
        assertThat(catalogue.get("event-suspicious-activity").subjectFor(ServiceName.ORDER))
                .isEqualTo("ordersvc.event-suspicious-activity");
    }

    @Test
    void aCommandSubjectNamesItsIssuer_andOnlyASenderOfTheContract() {
        EventDefinition upsert = catalogue.get("event-upsert-policy");
        assertThat(upsert.senderParameter()).hasValue("issuer");
        assertThat(upsert.subjectFor(ServiceName.ORDER)).isEqualTo("authzsvc.event-upsert-policy.ordersvc");
        assertThat(upsert.senderOf("authzsvc.event-upsert-policy.ordersvc")).hasValue(ServiceName.ORDER);
        assertThat(upsert.senderOf("authzsvc.event-upsert-policy.authzsvc")).as("authzsvc sends no commands").isEmpty();
        assertThat(upsert.senderOf("authzsvc.event-upsert-policy")).isEmpty();
        assertThat(upsert.senderOf("authzsvc.event-remove-policy.ordersvc")).isEmpty();
        assertThat(catalogue.get("event-order-created").senderOf("ordersvc.event-order-created"))
                .as("an address without a parameter names no sender").isEmpty();
    }

    @Test
    void receiversSubscribeToOneWildcardOnTheAuthzStream_whichHoldsExactlyTheTwoCommandWildcards() {
        assertThat(catalogue.get("event-upsert-policy").receiveSubjects()).containsExactly("authzsvc.event-upsert-policy.*");
        assertThat(catalogue.get("event-remove-policy").receiveSubjects()).containsExactly("authzsvc.event-remove-policy.*");
        assertThat(catalogue.get("event-order-created").receiveSubjects()).containsExactly("ordersvc.event-order-created");
        assertThat(catalogue.get("event-suspicious-activity").receiveSubjects())
                .as("each on its sender's stream").hasSize(5).contains("ordersvc.event-suspicious-activity");
        assertThat(catalogue.streamSubjects("authzsvc")).containsExactly(
                "authzsvc.*", "authzsvc.event-remove-policy.*", "authzsvc.event-upsert-policy.*");
        assertThat(catalogue.streamSubjects("ordersvc")).containsExactly("ordersvc.*");
    }

    @Test
    void publishSubjectsAreTheServicesSendOperationsResolvedWithItsNameAndNamespaced() {
        Namespace ns = new Namespace("t1");
        assertThat(catalogue.publishSubjects(ServiceName.ORDER, ns)).containsExactly(
                "t1.authzsvc.event-remove-policy.ordersvc",
                "t1.authzsvc.event-upsert-policy.ordersvc",
                "t1.ordersvc.event-order-approved",
                "t1.ordersvc.event-order-canceled",
                "t1.ordersvc.event-order-created",
                "t1.ordersvc.event-suspicious-activity");
        assertThat(catalogue.publishSubjects(ServiceName.AUTHZ, Namespace.NONE)).containsExactly(
                "authzsvc.event-policy-updated", "authzsvc.event-suspicious-activity");
        for (ServiceName service : ServiceName.values()) {
            assertThat(catalogue.publishSubjects(service, Namespace.NONE))
                    .as("%s never publishes another issuer's command", service)
                    .noneMatch(s -> s.contains("-policy.") && !s.endsWith("." + service.busName()));
        }
    }

    @Test
    void everyResourceTypeHasOneOwner() {
        ResourceOwnership ownership = catalogue.ownership();
        assertThat(ownership.ownedBy(ServiceName.AUTHN)).containsExactly("accounts");
        assertThat(ownership.ownedBy(ServiceName.ORDER)).containsExactly("orders");
        assertThat(ownership.ownedBy(ServiceName.INVENTORY)).containsExactly("merchants", "products");
        assertThat(ownership.ownedBy(ServiceName.PAYMENT)).containsExactly("transactions");
        assertThat(ownership.ownedBy(ServiceName.AUTHZ)).isEmpty();
        assertThat(ownership.ownerOf("transactions")).hasValue(ServiceName.PAYMENT);
        assertThat(ownership.ownerOf("wallets")).isEmpty();
        assertThat(ownership.owns(ServiceName.ORDER, "orders")).isTrue();
        assertThat(ownership.owns(ServiceName.ORDER, "accounts")).isFalse();
    }

    @Test
    void policyUpdatesReachEveryInstance_sagaEventsAreShared() {
        assertThat(catalogue.get("event-policy-updated").receivers().values()).containsOnly(Delivery.PER_INSTANCE);
        assertThat(catalogue.get("event-order-created").receivers()).containsEntry(ServiceName.INVENTORY, Delivery.SHARED);
    }
}
