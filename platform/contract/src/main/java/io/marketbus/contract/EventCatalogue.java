package io.marketbus.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The events of the AsyncAPI document, read once. Everything the runtime provisions, validates
 * and enforces comes from here, so the document stays the single source of truth.
 */
public final class EventCatalogue {

    /** Where the document lives on the class path. */
    public static final String DOCUMENT = "asyncapi/marketbus.asyncapi.yaml";
    /** The stream of events that could not be handled, on {@code deadletter.<service>.<event>}. */
    public static final String DEAD_LETTER_STREAM = "deadletter";

    private static final String SCHEMA_REF_PREFIX = "#/components/schemas/";

    private final JsonNode document;
    private final Map<String, EventDefinition> events;
    private final ResourceOwnership ownership;

    private EventCatalogue(JsonNode document) {
        this.document = document;
        this.events = Collections.unmodifiableMap(readEvents(document));
        this.ownership = ResourceOwnership.read(document);
    }

    /** The catalogue of the document shipped in this module. */
    public static EventCatalogue load() {
        try (InputStream in = EventCatalogue.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new ContractException("AsyncAPI document " + DOCUMENT + " is not on the class path");
            }
            return new EventCatalogue(YAMLMapper.builder().build().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw document, for generators. */
    public JsonNode document() {
        return document;
    }

    public List<EventDefinition> events() {
        return List.copyOf(events.values());
    }

    public Optional<EventDefinition> find(String eventName) {
        return Optional.ofNullable(events.get(eventName));
    }

    public EventDefinition get(String eventName) {
        return find(eventName).orElseThrow(() -> new ContractException("No event '" + eventName + "' in the contract"));
    }

    /** The envelope schema (CloudEvents 1.0 structured mode). */
    public JsonNode envelopeSchema() {
        return schema("CloudEvent");
    }

    /** Every stream any subject of the contract lives on, sorted. */
    public SortedSet<String> streams() {
        SortedSet<String> streams = new TreeSet<>();
        events.values().forEach(e -> e.subjects().forEach(s -> streams.add(EventDefinition.streamOfSubject(s))));
        return streams;
    }

    /**
     * The subjects a stream holds: {@code <stream>.*}, plus the wildcard of every parameterised address
     * deeper in it ({@code authzsvc.event-upsert-policy.*}) — exactly those, not {@code <stream>.>}.
     */
    public SortedSet<String> streamSubjects(String stream) {
        SortedSet<String> subjects = new TreeSet<>(List.of(stream + ".*"));
        for (EventDefinition event : events.values()) {
            for (String subject : event.receiveSubjects()) {
                boolean deeper = subject.indexOf('.') != subject.lastIndexOf('.');
                if (deeper && EventDefinition.streamOfSubject(subject).equals(stream)) {
                    subjects.add(subject);
                }
            }
        }
        return subjects;
    }

    /**
     * Every concrete subject the service may publish on: its send operations resolved with its own
     * name for a parameter ({@code authzsvc.event-upsert-policy.ordersvc}) and in the namespace
     * ({@code <ns>.ordersvc.event-order-created}). What its bus permissions should allow, no more.
     */
    public SortedSet<String> publishSubjects(ServiceName service, Namespace namespace) {
        SortedSet<String> subjects = new TreeSet<>();
        publishSubjects(service).forEach(subject -> subjects.add(namespace.subject(subject)));
        return Collections.unmodifiableSortedSet(subjects);
    }

    /** The same in the contract's own names (no namespace), in the order of the send operations. */
    public List<String> publishSubjects(ServiceName service) {
        return sentBy(service).stream().map(e -> e.subjectFor(service)).distinct().toList();
    }

    /** Which service owns which resource types ({@code x-services}). */
    public ResourceOwnership ownership() {
        return ownership;
    }

    public List<EventDefinition> sentBy(ServiceName service) {
        return events.values().stream().filter(e -> e.isSentBy(service)).toList();
    }

    public List<EventDefinition> receivedBy(ServiceName service) {
        return events.values().stream().filter(e -> e.isReceivedBy(service)).toList();
    }

    private JsonNode schema(String name) {
        JsonNode schema = document.path("components").path("schemas").path(name);
        if (schema.isMissingNode()) {
            throw new ContractException("No schema '" + name + "' under components.schemas");
        }
        return schema;
    }

    private Map<String, EventDefinition> readEvents(JsonNode doc) {
        Map<String, EnumSet<ServiceName>> senders = new LinkedHashMap<>();
        Map<String, EnumMap<ServiceName, Delivery>> receivers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> op : doc.path("operations").properties()) {
            JsonNode operation = op.getValue();
            String channel = channelKey(op.getKey(), operation);
            ServiceName service = ServiceName.ofBusName(required(operation, "x-service", op.getKey()));
            switch (required(operation, "action", op.getKey())) {
                case "send" -> senders.computeIfAbsent(channel, k -> EnumSet.noneOf(ServiceName.class)).add(service);
                case "receive" -> receivers.computeIfAbsent(channel, k -> new EnumMap<>(ServiceName.class))
                        .put(service, Delivery.of(required(operation, "x-delivery", op.getKey())));
                default -> throw new ContractException("Operation " + op.getKey() + " has an unknown action");
            }
        }

        Map<String, EventDefinition> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> ch : doc.path("channels").properties()) {
            String key = ch.getKey();
            JsonNode channel = ch.getValue();
            List<JsonNode> messages = new ArrayList<>();
            channel.path("messages").values().forEach(m -> messages.add(resolve(doc, m)));
            if (messages.size() != 1) {
                throw new ContractException("Channel " + key + " must carry exactly one message, has " + messages.size());
            }
            JsonNode message = messages.getFirst();
            String name = required(message, "name", key);
            String dataSchemaName = dataSchemaName(doc, message, name);
            EventDefinition event = new EventDefinition(
                    name,
                    message.path("title").asString(name),
                    message.path("summary").asString(""),
                    required(channel, "address", key),
                    dataSchemaName,
                    schema(dataSchemaName),
                    Collections.unmodifiableSet(senders.getOrDefault(key, EnumSet.noneOf(ServiceName.class))),
                    Collections.unmodifiableMap(receivers.getOrDefault(key, new EnumMap<>(ServiceName.class))));
            requireSenderParameterDeclared(doc, key, channel, event);
            result.put(name, event);
        }
        return result;
    }

    /**
     * An address parameter is filled in with the sender's name, so the channel must declare it with
     * exactly the senders as its values: a subject then names its sender, and no sender is left out.
     */
    private static void requireSenderParameterDeclared(JsonNode doc, String key, JsonNode channel, EventDefinition event) {
        Optional<String> parameter = event.senderParameter();
        if (parameter.isEmpty()) {
            return;
        }
        JsonNode declared = channel.path("parameters").path(parameter.get());
        if (declared.isMissingNode()) {
            throw new ContractException("Channel " + key + " does not declare its address parameter " + parameter.get());
        }
        SortedSet<String> values = new TreeSet<>();
        resolve(doc, declared).path("enum").values().forEach(v -> values.add(v.asString()));
        SortedSet<String> senders = new TreeSet<>();
        event.senders().forEach(s -> senders.add(s.busName()));
        if (!values.equals(senders)) {
            throw new ContractException("Channel " + key + ": parameter " + parameter.get() + " lists " + values
                    + " but the senders are " + senders);
        }
    }

    /** The payload is allOf [CloudEvent, {type: const name, data: $ref Data}]; return "Data". */
    private String dataSchemaName(JsonNode doc, JsonNode message, String name) {
        JsonNode payload = resolve(doc, message.path("payload"));
        for (JsonNode part : payload.path("allOf").values()) {
            JsonNode data = part.path("properties").path("data");
            if (data.has("$ref")) {
                if (!name.equals(part.path("properties").path("type").path("const").asString(""))) {
                    throw new ContractException("Message " + name + " must fix the envelope type to its own name");
                }
                return refName(data.get("$ref").asString());
            }
        }
        throw new ContractException("Message " + name + " has no data schema reference in its payload");
    }

    private static String channelKey(String operationKey, JsonNode operation) {
        String ref = operation.path("channel").path("$ref").asString("");
        if (!ref.startsWith("#/channels/")) {
            throw new ContractException("Operation " + operationKey + " does not reference a channel");
        }
        return ref.substring("#/channels/".length());
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        if (!node.has("$ref")) {
            return node;
        }
        String ref = node.get("$ref").asString();
        if (!ref.startsWith("#/")) {
            throw new ContractException("Only local references are supported: " + ref);
        }
        JsonNode target = doc.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new ContractException("Dangling reference " + ref);
        }
        return target;
    }

    private static String refName(String ref) {
        if (!ref.startsWith(SCHEMA_REF_PREFIX)) {
            throw new ContractException("Data schema must be a component schema: " + ref);
        }
        return ref.substring(SCHEMA_REF_PREFIX.length());
    }

    private static String required(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isString() || value.asString().isBlank()) {
            throw new ContractException(where + " lacks '" + field + "'");
        }
        return value.asString();
    }
}
