package io.marketbus.console;

import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One message that crossed the bus, as the console saw it: the fields the views filter on, read
 * leniently from the CloudEvent (a malformed message is shown as it is, not dropped).
 *
 * @param id         the console's own number for it (the handle to open it)
 * @param seenAt     when the console received it
 * @param subject    the subject, without the namespace
 * @param type       the CloudEvent type, or {@code (not an event)}
 * @param service    the owning service: the subject's first token
 * @param orderId    {@code data.order_id}, or null
 * @param accountId  {@code data.account_id} / {@code data.accnt_id}, or null
 * @param time       the CloudEvent's own time, or null
 * @param body       the whole message as received
 */
record SeenEvent(long id, Instant seenAt, String subject, String type, String service, String orderId, String accountId,
                 String time, String body) {

    private static final JsonMapper json = JsonMapper.builder().build();
    static final String NOT_AN_EVENT = "(not an event)";

    static SeenEvent of(long id, Instant seenAt, String subject, byte[] data) {
        String body = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        String service = subject.contains(".") ? subject.substring(0, subject.indexOf('.')) : subject;
        try {
            JsonNode event = json.readTree(body);
            JsonNode payload = event.path("data");
            return new SeenEvent(id, seenAt, subject, text(event.path("type"), NOT_AN_EVENT), service,
                    text(payload.path("order_id"), null),
                    text(payload.path("account_id"), text(payload.path("accnt_id"), null)),
                    text(event.path("time"), null), body);
        } catch (RuntimeException e) {
            return new SeenEvent(id, seenAt, subject, NOT_AN_EVENT, service, null, null, null, body);
        }
    }

    private static String text(JsonNode node, String otherwise) {
        return node == null || node.isMissingNode() || node.isNull() ? otherwise : node.asString();
    }

    /** Whether it passes the live view's filters (blank ones pass everything). */
    boolean matches(EventFilter filter) {
        return (blank(filter.type()) || type.contains(filter.type()))
                && (blank(filter.service()) || service.equals(filter.service()))
                && (blank(filter.order()) || filter.order().equals(orderId))
                && (blank(filter.account()) || filter.account().equals(accountId));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The live view's filters: event type (part of it), service, order id, account id. */
    record EventFilter(String type, String service, String order, String account) {}
}
