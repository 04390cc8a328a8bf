package io.marketbus.benchmarks.load;

import io.marketbus.contract.Namespace;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Watches the system's bus from outside, with a plain NATS subscription on {@code <ns>.>}: counts the
 * events on the five services' subjects by type, and completes each order's outcome when its
 * event-order-approved (paid), event-order-canceled (payment failed) or event-err-reserving-product
 * (out of stock) passes, stamped with the moment it was seen. The stream sequences give the exact
 * number of events stored (JetStream drops duplicate publishes; a plain subscriber would see them).
 */
final class EventWatch implements AutoCloseable {

    static final List<String> STREAMS = List.of("authnsvc", "authzsvc", "ordersvc", "inventorysvc", "paymentsvc");

    enum Kind { APPROVED, CANCELED, OUT_OF_STOCK }

    /** How an order ended and when the watcher saw it ({@link System#nanoTime()}). */
    record Outcome(Kind kind, long seenAt) {}

    private static final JsonMapper json = JsonMapper.builder().build();

    private final Connection nats;
    private final Namespace namespace;
    private final Dispatcher dispatcher;
    private final Map<String, LongAdder> byType = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final String approved;
    private final String canceled;
    private final String outOfStock;

    EventWatch(Connection nats, Namespace namespace) {
        this.nats = nats;
        this.namespace = namespace;
        this.approved = namespace.subject("ordersvc.event-order-approved");
        this.canceled = namespace.subject("ordersvc.event-order-canceled");
        this.outOfStock = namespace.subject("inventorysvc.event-err-reserving-product");
        this.dispatcher = nats.createDispatcher(this::onMessage);
        dispatcher.subscribe(namespace.subject(">"));
    }

    private void onMessage(Message message) {
        long seen = System.nanoTime();
        String subject = message.getSubject();
        String local = namespace.unprefixSubject(subject);
        int dot = local.indexOf('.');
        if (dot < 0 || !STREAMS.contains(local.substring(0, dot))) {
            return; // dead letters and anything else
        }
        byType.computeIfAbsent(local.substring(dot + 1), t -> new LongAdder()).increment();
        Kind kind = subject.equals(approved) ? Kind.APPROVED
                : subject.equals(canceled) ? Kind.CANCELED
                : subject.equals(outOfStock) ? Kind.OUT_OF_STOCK : null;
        if (kind != null) {
            JsonNode event = json.readTree(message.getData());
            outcome(event.path("data").path("order_id").asString()).complete(new Outcome(kind, seen));
        }
    }

    /** The outcome of an order, whether it has been seen already or not. */
    CompletableFuture<Outcome> outcome(String orderId) {
        return outcomes.computeIfAbsent(orderId, id -> new CompletableFuture<>());
    }

    void forget(String orderId) {
        outcomes.remove(orderId);
    }

    /** Events seen so far by type (a snapshot). */
    Map<String, Long> countsByType() {
        Map<String, Long> counts = new TreeMap<>();
        byType.forEach((type, count) -> counts.put(type, count.sum()));
        return counts;
    }

    /** Events stored so far in the five service streams (sum of their last sequences). */
    long storedEvents() throws Exception {
        JetStreamManagement management = nats.jetStreamManagement();
        long total = 0;
        for (String stream : STREAMS) {
            total += management.getStreamInfo(namespace.stream(stream)).getStreamState().getLastSequence();
        }
        return total;
    }

    @Override
    public void close() {
        nats.closeDispatcher(dispatcher);
    }
}
