package io.marketbus.contract;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * One event of the contract: its channel, its payload schema and who sends and receives it.
 *
 * @param name            the event name, e.g. {@code event-order-created}; the CloudEvents {@code type}
 * @param title           a short human title
 * @param summary         what it means
 * @param addressTemplate the channel address, e.g. {@code ordersvc.event-order-created}; may contain one
 *                        parameter ({@code {service}}, {@code {issuer}}), replaced by the sending service
 * @param dataSchemaName  the name of the payload schema under {@code components.schemas}
 * @param dataSchema      that schema (self-contained JSON Schema)
 * @param senders         services with a {@code send} operation
 * @param receivers       services with a {@code receive} operation, and how their instances share it
 */
public record EventDefinition(
        String name,
        String title,
        String summary,
        String addressTemplate,
        String dataSchemaName,
        JsonNode dataSchema,
        Set<ServiceName> senders,
        Map<ServiceName, Delivery> receivers) {

    /** An address parameter, e.g. {@code {issuer}}: always filled in with the sending service's bus name. */
    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_-]*)}");

    /** The subject (without namespace) an event sent by {@code sender} is published on. */
    public String subjectFor(ServiceName sender) {
        return PARAMETER.matcher(addressTemplate).replaceAll(sender.busName());
    }

    /** The name of the address parameter the sender's name fills in ({@code issuer}), if the address has one. */
    public Optional<String> senderParameter() {
        Matcher matcher = PARAMETER.matcher(addressTemplate);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** Every subject this event can appear on: one, or one per sender for a parameterised address. */
    public Set<String> subjects() {
        if (senderParameter().isEmpty()) {
            return Set.of(addressTemplate);
        }
        return senders.stream().map(this::subjectFor).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * What a receiver subscribes to: the address; for a parameterised one a wildcard on its stream
     * ({@code authzsvc.event-upsert-policy.*}), or one subject per sender when the parameter is the
     * stream itself ({@code {service}.event-suspicious-activity}: each lands on its sender's stream).
     */
    public Set<String> receiveSubjects() {
        if (senderParameter().isEmpty()) {
            return Set.of(addressTemplate);
        }
        String wildcard = wildcard();
        return streamOfSubject(wildcard).equals("*") ? subjects() : Set.of(wildcard);
    }

    /**
     * The sender a concrete subject (without namespace) names, for a parameterised address: the bus
     * permissions let only that service publish on it. Empty when the address names no sender or the
     * subject is not one of this event's.
     */
    public Optional<ServiceName> senderOf(String subject) {
        if (senderParameter().isEmpty()) {
            return Optional.empty();
        }
        return senders.stream().filter(s -> subjectFor(s).equals(subject)).findFirst();
    }

    /** The address with its parameter as the NATS wildcard {@code *}. */
    String wildcard() {
        return PARAMETER.matcher(addressTemplate).replaceAll("*");
    }

    /** The stream that holds the subject: its first token. */
    public static String streamOfSubject(String subject) {
        int dot = subject.indexOf('.');
        return dot < 0 ? subject : subject.substring(0, dot);
    }

    /**
     * The durable consumer of a service's shared receive operation: {@code <event>-<service>} (NATS
     * allows no dots in durable names). The bus permissions name it, so it is written here once.
     */
    public String durableName(ServiceName service) {
        return name + "-" + service.busName();
    }

    public boolean isSentBy(ServiceName service) {
        return senders.contains(service);
    }

    public boolean isReceivedBy(ServiceName service) {
        return receivers.containsKey(service);
    }
}
