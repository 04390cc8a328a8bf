package io.marketbus.contract;

import io.marketbus.contract.ContractViolation.Kind;
import io.marketbus.contract.events.EventPayload;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns events into CloudEvents JSON and back, and refuses anything the contract does not accept:
 * on the way out (the caller's transaction rolls back) and on the way in (the consumer dead-letters it).
 */
public final class EventCodec {

    private final JsonMapper json = JsonMapper.builder().build();
    private final EventCatalogue catalogue;
    private final EventSchemas schemas;
    private final Map<String, Class<? extends EventPayload>> typesByName;

    public EventCodec(EventCatalogue catalogue) {
        this.catalogue = catalogue;
        this.schemas = new EventSchemas(catalogue);
        this.typesByName = Arrays.stream(EventPayload.class.getPermittedSubclasses())
                .map(c -> c.asSubclass(EventPayload.class))
                .collect(Collectors.toUnmodifiableMap(EventPayload::nameOf, Function.identity()));
        for (String name : typesByName.keySet()) {
            catalogue.get(name); // a payload type without a contract entry is a build fault
        }
    }

    public EventCatalogue catalogue() {
        return catalogue;
    }

    /** The payload type of an event name. */
    public Class<? extends EventPayload> typeOf(String eventName) {
        Class<? extends EventPayload> type = typesByName.get(eventName);
        if (type == null) {
            throw new ContractViolation(Kind.UNKNOWN_TYPE, "Unknown event type '" + eventName + "'");
        }
        return type;
    }

    /** The envelope as a JSON tree, validated against the contract. */
    public JsonNode toJson(CloudEvent<?> event) {
        ObjectNode node = json.createObjectNode();
        node.put("specversion", CloudEvent.SPEC_VERSION);
        node.put("id", event.id().toString());
        node.put("source", event.source());
        node.put("type", event.type());
        if (event.subject() != null) {
            node.put("subject", event.subject());
        }
        node.put("time", event.time().toString());
        node.put("datacontenttype", "application/json");
        if (event.requestId() != null) {
            node.put("requestid", event.requestId());
        }
        if (event.traceparent() != null) {
            node.put("traceparent", event.traceparent());
        }
        node.set("data", json.valueToTree(event.data()));
        List<String> problems = schemas.problems(event.type(), node);
        if (!problems.isEmpty()) {
            throw new ContractViolation(Kind.SCHEMA, "Event " + event.type() + " does not match the contract", problems);
        }
        return node;
    }

    public byte[] encode(CloudEvent<?> event) {
        return json.writeValueAsBytes(toJson(event));
    }

    public String encodeToString(CloudEvent<?> event) {
        return json.writeValueAsString(toJson(event));
    }

    /** Reads and validates an envelope; any fault is a {@link ContractViolation} saying which. */
    public CloudEvent<EventPayload> decode(byte[] body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            throw new ContractViolation(Kind.MALFORMED, "Malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ContractViolation(Kind.MALFORMED, "Malformed event: the body is not a JSON object");
        }
        String type = node.path("type").asString("");
        if (!typesByName.containsKey(type)) {
            throw new ContractViolation(Kind.UNKNOWN_TYPE, "Unknown event type '" + type + "'");
        }
        List<String> problems = schemas.problems(type, node);
        if (!problems.isEmpty()) {
            throw new ContractViolation(Kind.SCHEMA, "Event " + type + " does not match the contract", problems);
        }
        try {
            EventPayload data = json.treeToValue(node.get("data"), typeOf(type));
            return new CloudEvent<>(
                    UUID.fromString(node.get("id").asString()),
                    node.get("source").asString(),
                    textOrNull(node, "subject"),
                    Instant.parse(node.get("time").asString()),
                    textOrNull(node, "requestid"),
                    textOrNull(node, "traceparent"),
                    data);
        } catch (JacksonException | IllegalArgumentException | DateTimeParseException e) {
            throw new ContractViolation(Kind.SCHEMA, "Event " + type + " does not match its payload type: " + e.getMessage());
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
