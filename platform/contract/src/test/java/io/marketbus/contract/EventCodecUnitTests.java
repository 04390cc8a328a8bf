package io.marketbus.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.contract.ContractViolation.Kind;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EventCodecUnitTests {

    static final EventCodec codec = new EventCodec(EventCatalogue.load());
    static final JsonMapper json = JsonMapper.builder().build();

    static Stream<Class<?>> payloadTypes() {
        return Arrays.stream(EventPayload.class.getPermittedSubclasses());
    }

    @ParameterizedTest
    @MethodSource("payloadTypes")
    void everyPayloadTypeSerialisesToJsonTheSchemaAccepts_andReadsBackEqual(Class<?> type) {
        EventPayload payload = SamplePayloads.of(type);
        CloudEvent<EventPayload> event = CloudEvent.of(ServiceName.ORDER, "agg-1", "req-1",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", payload);

        byte[] body = codec.encode(event);
        CloudEvent<EventPayload> back = codec.decode(body);

        assertThat(back).isEqualTo(event);
        assertThat(codec.catalogue().find(payload.eventName())).isPresent();
    }

    @Test
    void thereAreSixteenEventsAndAPayloadTypeForEach() {
        assertThat(codec.catalogue().events()).hasSize(16);
        assertThat(payloadTypes().map(t -> EventPayload.nameOf(t.asSubclass(EventPayload.class))))
                .containsExactlyInAnyOrderElementsOf(
                        codec.catalogue().events().stream().map(EventDefinition::name).toList());
    }

    @Test
    void anInvalidPayloadIsRefusedOnTheWayOut() {
        var invalid = new OrderCreated(UUID.randomUUID(), OrderStatus.PENDING, 10, UUID.randomUUID(), 0);
        assertThatThrownBy(() -> codec.encode(CloudEvent.of(ServiceName.ORDER, null, null, null, invalid)))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("quantity")
                .extracting(e -> ((ContractViolation) e).kind()).isEqualTo(Kind.SCHEMA);
    }

    @Test
    void malformedJsonIsAMalformedViolation() {
        assertThatThrownBy(() -> codec.decode("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ContractViolation.class, v -> assertThat(v.kind()).isEqualTo(Kind.MALFORMED));
        assertThatThrownBy(() -> codec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ContractViolation.class, v -> assertThat(v.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void anUnknownTypeIsAnUnknownTypeViolation() {
        ObjectNode node = validOrderCreated();
        node.put("type", "event-order-teleported");
        assertThatThrownBy(() -> codec.decode(json.writeValueAsBytes(node)))
                .isInstanceOfSatisfying(ContractViolation.class, v -> assertThat(v.kind()).isEqualTo(Kind.UNKNOWN_TYPE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown-field", "missing-field", "bad-uuid", "bad-enum", "float-money", "bad-time", "string-int",
            "bad-traceparent", "missing-id"})
    void payloadsTheSchemaRejectsAreSchemaViolations(String fault) {
        ObjectNode node = switch (fault) {
            case "unknown-field" -> { var n = validOrderCreated(); ((ObjectNode) n.get("data")).put("coupon", "X"); yield n; }
            case "missing-field" -> { var n = validOrderCreated(); ((ObjectNode) n.get("data")).remove("product_id"); yield n; }
            case "bad-uuid" -> { var n = validOrderCreated(); ((ObjectNode) n.get("data")).put("order_id", "not-a-uuid"); yield n; }
            case "bad-enum" -> { var n = validOrderCreated(); ((ObjectNode) n.get("data")).put("order_status", "teleported"); yield n; }
            case "float-money" -> {
                var n = (ObjectNode) json.readTree(codec.encode(CloudEvent.of(ServiceName.INVENTORY, null, null, null,
                        SamplePayloads.of(io.marketbus.contract.events.ProductReserved.class))));
                ((ObjectNode) n.get("data")).put("payble", 25.5);
                yield n;
            }
            case "bad-time" -> { var n = validOrderCreated(); n.put("time", "yesterday"); yield n; }
            case "string-int" -> { var n = validOrderCreated(); ((ObjectNode) n.get("data")).put("quantity", "2"); yield n; }
            // Faults of the envelope itself, not its data: its schema is checked first, in both modes.
            case "bad-traceparent" -> { var n = validOrderCreated(); n.put("traceparent", "00-nonsense-01"); yield n; }
            case "missing-id" -> { var n = validOrderCreated(); n.remove("id"); yield n; }
            default -> throw new IllegalArgumentException(fault);
        };
        assertThatThrownBy(() -> codec.decode(json.writeValueAsBytes(node)))
                .isInstanceOfSatisfying(ContractViolation.class, v -> {
                    assertThat(v.kind()).isEqualTo(Kind.SCHEMA);
                    assertThat(v.problems()).isNotEmpty();
                });
    }

    private static ObjectNode validOrderCreated() {
        return (ObjectNode) json.readTree(codec.encode(CloudEvent.of(ServiceName.ORDER, null, null, null,
                SamplePayloads.of(OrderCreated.class))));
    }
}
