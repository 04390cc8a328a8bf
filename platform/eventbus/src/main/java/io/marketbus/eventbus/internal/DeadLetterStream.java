package io.marketbus.eventbus.internal;

import io.marketbus.eventbus.DeadLetter;
import io.marketbus.eventbus.DeadLetters;
import io.marketbus.eventbus.ReplayRefused;
import io.marketbus.eventbus.RetentionHorizons;
import io.marketbus.contract.Namespace;
import io.marketbus.contract.EventCatalogue;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;

/**
 * The dead-letter stream ({@code deadletter}, subjects {@code deadletter.<service>.<event>}): the
 * original bytes, with the reason and origin in headers.
 */
public final class DeadLetterStream implements DeadLetters {

    public static final String STREAM = EventCatalogue.DEAD_LETTER_STREAM;
    static final String KIND = "Marketbus-Dead-Kind";
    static final String REASON = "Marketbus-Dead-Reason";
    static final String CONSUMER = "Marketbus-Consumer";
    static final String ORIGINAL_SUBJECT = "Marketbus-Original-Subject";
    static final String ORIGINAL_SEQUENCE = "Marketbus-Original-Sequence";
    static final String DELIVERIES = "Marketbus-Deliveries";
    /** When the original's stream stored it (epoch millis): how old a replay would be. */
    static final String ORIGINAL_TIME = "Marketbus-Original-Time";
    private static final int MAX_REASON = 2000;
    private static final int MAX_LISTED = 10_000;

    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final Namespace namespace;
    private final RetentionHorizons horizons;

    public DeadLetterStream(JetStream jetStream, JetStreamManagement management, Namespace namespace,
                            RetentionHorizons horizons) {
        this.jetStream = jetStream;
        this.management = management;
        this.namespace = namespace;
        this.horizons = horizons;
    }

    /**
     * Stores a message a consumer gives up on. Synchronous: the caller acknowledges the original only
     * after this returned. The message id makes a repeat (after a crash before that ack) a no-op.
     */
    public void send(Message original, String service, String consumer, String eventName, String kind,
                     String reason, long deliveries) throws IOException, JetStreamApiException {
        long sequence = original.isJetStream() ? original.metaData().streamSequence() : 0;
        Instant stored = original.isJetStream() ? original.metaData().timestamp().toInstant() : Instant.now();
        Headers headers = new Headers()
                .put(ORIGINAL_TIME, Long.toString(stored.toEpochMilli()))
                .put(KIND, kind)
                .put(REASON, headerSafe(reason))
                .put(CONSUMER, consumer)
                .put(ORIGINAL_SUBJECT, namespace.unprefixSubject(original.getSubject()))
                .put(ORIGINAL_SEQUENCE, Long.toString(sequence))
                .put(DELIVERIES, Long.toString(deliveries));
        jetStream.publish(namespace.subject(STREAM + "." + service + "." + eventName), headers,
                original.getData() == null ? new byte[0] : original.getData(),
                PublishOptions.builder()
                        .messageId(consumer + ":" + original.getSubject() + ":" + sequence)
                        .expectedStream(namespace.stream(STREAM))
                        .build());
    }

    @Override
    public List<DeadLetter> list() {
        try {
            StreamInfo info = management.getStreamInfo(namespace.stream(STREAM));
            long first = info.getStreamState().getFirstSequence();
            long last = info.getStreamState().getLastSequence();
            List<DeadLetter> letters = new ArrayList<>();
            for (long seq = Math.max(first, 1); seq <= last && letters.size() < MAX_LISTED; seq++) {
                MessageInfo message = get(seq);
                if (message != null) {
                    letters.add(toDeadLetter(message));
                }
            }
            return letters;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException("Cannot read the dead letters: " + e.getMessage(), e);
        }
    }

    @Override
    public void replay(long sequence) {
        try {
            MessageInfo message = get(sequence);
            if (message == null) {
                throw new IllegalArgumentException("No dead letter with sequence " + sequence);
            }
            Optional<String> refusal = horizons.refuseReplay(publishedAt(message), Instant.now());
            if (refusal.isPresent()) {
                throw new ReplayRefused(sequence, "Dead letter " + sequence + " is not replayed: " + refusal.get());
            }
            String subject = message.getHeaders().getFirst(ORIGINAL_SUBJECT);
            jetStream.publish(namespace.subject(subject), null, message.getData(),
                    PublishOptions.builder().messageId("replay:" + namespace.stream(STREAM) + ":" + sequence).build());
            management.deleteMessage(namespace.stream(STREAM), sequence);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException("Cannot replay dead letter " + sequence + ": " + e.getMessage(), e);
        }
    }

    private MessageInfo get(long sequence) throws IOException, JetStreamApiException {
        try {
            return management.getMessage(namespace.stream(STREAM), sequence);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == 10037) { // no message found: deleted (replayed) or aged out
                return null;
            }
            throw e;
        }
    }

    private DeadLetter toDeadLetter(MessageInfo message) {
        Headers headers = message.getHeaders();
        String subject = namespace.unprefixSubject(message.getSubject());
        String[] parts = subject.split("\\.", 3);
        return new DeadLetter(message.getSeq(), parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "",
                headers.getFirst(KIND), headers.getFirst(REASON), headers.getFirst(ORIGINAL_SUBJECT),
                Long.parseLong(headers.getFirst(DELIVERIES)), publishedAt(message), message.getData());
    }

    /**
     * When the original event was stored in its stream. A letter written before that header existed
     * tells only when it was dead-lettered; its event was stored up to one stream max age earlier.
     */
    private Instant publishedAt(MessageInfo message) {
        String stored = message.getHeaders() == null ? null : message.getHeaders().getFirst(ORIGINAL_TIME);
        if (stored != null) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(stored));
            } catch (NumberFormatException e) {
                // fall through to the conservative bound
            }
        }
        return message.getTime().toInstant().minus(horizons.streamMaxAge());
    }

    /** Header values are printable ASCII: anything else (line breaks, binary, non-Latin text) becomes '?'. */
    static String headerSafe(String text) {
        String value = text == null ? "" : text;
        StringBuilder safe = new StringBuilder(Math.min(value.length(), MAX_REASON));
        for (int i = 0; i < value.length() && safe.length() < MAX_REASON; i++) {
            char c = value.charAt(i);
            safe.append(c >= 0x20 && c <= 0x7e ? c : (c == '\n' || c == '\r' || c == '\t' ? ' ' : '?'));
        }
        return safe.toString();
    }
}
