package io.marketbus.contract;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One event of the contract: its channel, its payload schema and who sends and receives it.
 *
 * @param name            the event name, e.g. {@code event-order-created}; the CloudEvents {@code type}
 * @param title           a short human title
 * @param summary         what it means
 * @param addressTemplate the channel address, e.g. {@code ordersvc.event-order-created}; may contain
 *                        {@code {service}}, replaced by the sending service
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

    private static final String SERVICE_PARAMETER = "{service}";

    /** The subject (without namespace) an event sent by {@code sender} is published on. */
    public String subjectFor(ServiceName sender) {
        return addressTemplate.replace(SERVICE_PARAMETER, sender.busName());
    }

    /** Every subject this event can appear on: one, or one per sender for a parameterised address. */
    public Set<String> subjects() {
        if (!addressTemplate.contains(SERVICE_PARAMETER)) {
            return Set.of(addressTemplate);
        }
        return senders.stream().map(this::subjectFor).collect(java.util.stream.Collectors.toUnmodifiableSet());
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
