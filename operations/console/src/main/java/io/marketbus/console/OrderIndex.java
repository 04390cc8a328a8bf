package io.marketbus.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.marketbus.contract.ServiceName;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each order's events are in the streams, so a timeline is a handful of direct reads rather
 * than a scan: an ordered consumer on each saga stream (ordersvc, inventorysvc, paymentsvc), read
 * from {@code indexWindow} back when the console starts and live afterwards, records every event
 * that names an order (stream, sequence, type, time). Bounded: the least recently touched orders go
 * first once {@code indexedOrders} are held.
 */
final class OrderIndex implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OrderIndex.class);
    static final List<ServiceName> SAGA = List.of(ServiceName.ORDER, ServiceName.INVENTORY, ServiceName.PAYMENT);

    private final Cache<String, OrderTrack> orders;
    private final Deque<String> newest = new ArrayDeque<>();
    private final List<JetStreamSubscription> subscriptions = new ArrayList<>();
    private final Dispatcher dispatcher;

    OrderIndex(BusWatch bus, long indexedOrders, Duration window) throws Exception {
        this.orders = Caffeine.newBuilder().maximumSize(indexedOrders).build();
        JetStream js = bus.connection().jetStream();
        this.dispatcher = bus.connection().createDispatcher();
        ZonedDateTime from = ZonedDateTime.now(java.time.ZoneOffset.UTC).minus(window);
        for (ServiceName service : SAGA) {
            String stream = bus.namespace().stream(service.busName());
            try {
                bus.connection().jetStreamManagement().getStreamInfo(stream);
            } catch (io.nats.client.JetStreamApiException e) {
                log.warn("Stream {} does not exist yet (no system has run on this bus): its orders are not indexed", stream);
                continue;
            }
            PushSubscribeOptions options = PushSubscribeOptions.builder().stream(stream).ordered(true)
                    .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.ByStartTime).startTime(from).build())
                    .build();
            subscriptions.add(js.subscribe(bus.namespace().subject(service.busName() + ".>"), dispatcher,
                    message -> record(stream, message), false, options));
        }
    }

    private void record(String stream, Message message) {
        SeenEvent event = SeenEvent.of(0, Instant.now(), message.getSubject(), message.getData());
        if (event.orderId() == null) {
            return;
        }
        var meta = message.metaData();
        Hop hop = new Hop(event.type(), stream, meta.streamSequence(), meta.timestamp().toInstant(), detail(event));
        OrderTrack track = orders.get(event.orderId(), id -> new OrderTrack(id, event.accountId()));
        boolean first = track.add(hop);
        if (first && hop.type().equals("event-order-created")) {
            synchronized (newest) {
                newest.addFirst(event.orderId());
                while (newest.size() > 50) {
                    newest.removeLast();
                }
            }
        }
    }

    /** What distinguishes an event of a type: the payment's status (successful or failed). */
    private static String detail(SeenEvent event) {
        if (!event.type().equals("event-payment")) {
            return "";
        }
        int at = event.body().indexOf("\"status\"");
        if (at < 0) {
            return "";
        }
        return event.body().contains("payment_successful") ? "payment_successful" : "payment_failed";
    }

    Optional<OrderTrack> find(String orderId) {
        return Optional.ofNullable(orders.getIfPresent(orderId));
    }

    /** The orders created most recently, newest first. */
    List<String> newest() {
        synchronized (newest) {
            return List.copyOf(newest);
        }
    }

    /** Orders whose last event is not terminal and older than {@code after}, oldest first, at most {@code limit}. */
    List<OrderTrack> stuck(Duration after, Instant now, int limit) {
        return orders.asMap().values().stream()
                .filter(t -> t.waitingOn().isPresent() && t.last().time().isBefore(now.minus(after)))
                .sorted(Comparator.comparing(t -> t.last().time()))
                .limit(limit)
                .toList();
    }

    long size() {
        return orders.estimatedSize();
    }

    @Override
    public void close() {
        subscriptions.forEach(s -> {
            try {
                s.unsubscribe();
            } catch (RuntimeException e) {
                // the connection is closing anyway
            }
        });
    }

    /** One event of an order: where it is in which stream, and when the stream received it. */
    record Hop(String type, String stream, long sequence, Instant time, String detail) {}

    /** One order's hops so far, in time order. */
    static final class OrderTrack {
        private final String orderId;
        private final String accountId;
        private final List<Hop> hops = new ArrayList<>();

        OrderTrack(String orderId, String accountId) {
            this.orderId = orderId;
            this.accountId = accountId;
        }

        String orderId() {
            return orderId;
        }

        String accountId() {
            return accountId;
        }

        /** @return whether it is the first hop of its type (replays and duplicates are kept once) */
        synchronized boolean add(Hop hop) {
            boolean known = hops.stream().anyMatch(h -> h.stream().equals(hop.stream()) && h.sequence() == hop.sequence());
            if (known) {
                return false;
            }
            boolean first = hops.stream().noneMatch(h -> h.type().equals(hop.type()));
            hops.add(hop);
            hops.sort(Comparator.comparing(Hop::time).thenComparing(Hop::sequence));
            return first;
        }

        synchronized List<Hop> hops() {
            return List.copyOf(hops);
        }

        synchronized Hop last() {
            return hops.getLast();
        }

        /**
         * The event the saga waits for next, or empty once the order is settled (approved, out of
         * stock, canceled): the choreography of OrderSaga, read from the outside.
         */
        synchronized Optional<String> waitingOn() {
            boolean terminal = hops.stream().anyMatch(h -> h.type().equals("event-order-approved")
                    || h.type().equals("event-err-reserving-product") || h.type().equals("event-order-canceled"));
            if (terminal) {
                return Optional.empty();
            }
            Hop last = hops.getLast();
            return Optional.of(switch (last.type()) {
                case "event-order-created" -> "inventorysvc: event-product-reserved or event-err-reserving-product";
                case "event-product-reserved" -> "paymentsvc: event-payment";
                case "event-payment" -> last.detail().equals("payment_failed")
                        ? "ordersvc: event-order-canceled" : "ordersvc: event-order-approved";
                default -> "ordersvc: event-order-created";
            });
        }
    }
}
