package io.marketbus.contract;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The contract's JSON Schemas, compiled once: the envelope and each event's data. Formats
 * ({@code uuid}, {@code date-time}) are asserted, which draft 2020-12 would not do by default.
 */
public final class EventSchemas {

    private final Schema envelope;
    private final Map<String, Schema> dataByEvent = new HashMap<>();

    public EventSchemas(EventCatalogue catalogue) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                builder -> builder.schemaRegistryConfig(
                        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        this.envelope = registry.getSchema(catalogue.envelopeSchema());
        for (EventDefinition event : catalogue.events()) {
            dataByEvent.put(event.name(), registry.getSchema(event.dataSchema()));
        }
    }

    /** Problems of a whole envelope whose {@code type} is a known event; empty when valid. */
    public List<String> problems(String eventName, JsonNode envelopeJson) {
        List<String> problems = new ArrayList<>();
        describe("envelope", envelope.validate(envelopeJson), problems);
        Schema data = dataByEvent.get(eventName);
        if (data == null) {
            problems.add("unknown event type '" + eventName + "'");
        } else {
            describe("data", data.validate(envelopeJson.path("data")), problems);
        }
        return problems;
    }

    private static void describe(String part, List<Error> errors, List<String> into) {
        for (Error error : errors) {
            into.add(part + " at " + error.getInstanceLocation() + ": " + error.getMessage());
        }
    }
}
