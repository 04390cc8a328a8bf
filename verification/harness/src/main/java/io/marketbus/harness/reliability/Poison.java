package io.marketbus.harness.reliability;

import io.marketbus.contract.Delivery;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventDefinition;
import io.marketbus.contract.ServiceName;
import io.marketbus.eventbus.DeadLetter;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Poison published straight onto the service subjects, bypassing every outbox: broken JSON, JSON
 * that is not an object, binary garbage, an unknown event type, another event on the wrong subject,
 * an envelope without its id, and a right-typed event whose data breaks the schema. Every receiver
 * of each subject (shared receive operations) must dead-letter each one at once, with its kind.
 */
public final class Poison {

    /** One poisoned message and who must dead-letter it how. */
    public record Pill(String label, String subject, byte[] body, String expectedKind, List<String> receivers) {}

    private Poison() {}

    /** Subjects whose every receiver is a shared (durable) consumer, with at least one receiver. */
    public static List<EventDefinition> targets(EventCatalogue catalogue) {
        return catalogue.events().stream()
                .filter(e -> !e.receivers().isEmpty() && e.receivers().values().stream().allMatch(d -> d == Delivery.SHARED))
                .filter(e -> e.receiveSubjects().size() == 1)
                .toList();
    }

    public static List<Pill> pills(EventCatalogue catalogue) {
        List<Pill> pills = new ArrayList<>();
        for (EventDefinition event : targets(catalogue)) {
            // One concrete subject: a command's first issuer (its receivers read them all through one wildcard).
            String subject = event.subjects().stream().sorted().findFirst().orElseThrow();
            List<String> receivers = event.receivers().keySet().stream().map(ServiceName::busName).sorted().toList();
            String source = "/marketbus/" + EventDefinition.streamOfSubject(subject);
            pills.add(new Pill("malformed JSON", subject, utf8("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\","),
                    "MALFORMED", receivers));
            pills.add(new Pill("JSON array, not an object", subject, utf8("[1,2,\"" + subject + "\"]"), "MALFORMED", receivers));
            byte[] garbage = new byte[64];
            new java.util.Random(subject.hashCode()).nextBytes(garbage);
            garbage[0] = (byte) 0xff;
            pills.add(new Pill("binary garbage", subject, garbage, "MALFORMED", receivers));
            pills.add(new Pill("unknown type", subject, envelope(UUID.randomUUID().toString(), source, "event-nobody-knows",
                    "{\"x\":1}"), "UNKNOWN_TYPE", receivers));
            if (!event.name().equals("event-account-deleted")) {
                pills.add(new Pill("another event on this subject", subject, envelope(UUID.randomUUID().toString(),
                        "/marketbus/authnsvc", "event-account-deleted", "{\"accnt_id\":987654321}"), "UNKNOWN_TYPE", receivers));
            }
            pills.add(new Pill("data against the schema", subject, envelope(UUID.randomUUID().toString(), source, event.name(),
                    "{\"unexpected\":\"\\u0000\",\"quantity\":-3}"), "SCHEMA", receivers));
            pills.add(new Pill("envelope without id", subject, envelope(null, source, event.name(), "{}"), "SCHEMA", receivers));
        }
        return pills;
    }

    /** Publishes every pill on its (namespaced) subject; answers how many dead letters are due. */
    public static int publish(JetStream jetStream, String namespace, List<Pill> pills) throws Exception {
        int due = 0;
        for (Pill pill : pills) {
            PublishAck ack = jetStream.publish(namespace + "." + pill.subject(), pill.body());
            if (ack.hasError()) {
                throw new IllegalStateException("publishing " + pill.label() + ": " + ack.getError());
            }
            due += pill.receivers().size();
        }
        return due;
    }

    /** Violations: a pill a receiver did not dead-letter once with the expected kind, and dead letters that are no pill. */
    public static List<String> check(List<Pill> pills, List<DeadLetter> deadLetters) {
        List<String> violations = new ArrayList<>();
        List<DeadLetter> unmatched = new ArrayList<>(deadLetters);
        for (Pill pill : pills) {
            for (String receiver : pill.receivers()) {
                List<DeadLetter> found = unmatched.stream().filter(d -> d.service().equals(receiver)
                        && pill.subject().equals(d.originalSubject()) && Arrays.equals(d.body(), pill.body())).toList();
                if (found.size() != 1) {
                    violations.add(pill.label() + " on " + pill.subject() + ": " + found.size() + " dead letters from " + receiver
                            + " (expected 1)");
                } else if (!found.getFirst().kind().equals(pill.expectedKind())) {
                    violations.add(pill.label() + " on " + pill.subject() + " dead-lettered by " + receiver + " as "
                            + found.getFirst().kind() + " (expected " + pill.expectedKind() + "): " + found.getFirst().reason());
                }
                unmatched.removeAll(found);
            }
        }
        unmatched.forEach(d -> violations.add("dead letter that is no poison: " + describe(d)));
        return violations;
    }

    public static String describe(DeadLetter d) {
        return "#" + d.sequence() + " " + d.service() + " " + d.eventName() + " " + d.kind() + " from " + d.originalSubject()
                + " after " + d.deliveries() + " deliveries: " + d.reason();
    }

    private static byte[] envelope(String id, String source, String type, String data) {
        return utf8("{\"specversion\":\"1.0\"," + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"source\":\"" + source
                + "\",\"type\":\"" + type + "\",\"subject\":\"poison\",\"time\":\"" + Instant.now()
                + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
