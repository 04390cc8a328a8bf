package io.marketbus.console;

import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Order timelines, rebuilt from the streams: the index says where an order's events are; each is read
 * back from its stream by sequence, with the time the stream received it and the latency since the
 * hop before. And the orders that are stuck: not settled {@code stuck-after} after their last event.
 */
@RestController
class OrdersController {

    private final OrderIndex index;
    private final BusWatch bus;
    private final ConsoleProperties properties;

    OrdersController(OrderIndex index, BusWatch bus, ConsoleProperties properties) {
        this.index = index;
        this.bus = bus;
        this.properties = properties;
    }

    @GetMapping("/api/orders/{id}")
    Map<String, Object> timeline(@PathVariable String id) throws Exception {
        OrderIndex.OrderTrack track = index.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No events of order " + id + " in the index (it holds the last " + properties.indexWindow()
                        + " of the saga streams, up to " + properties.indexedOrders() + " orders)"));
        JetStreamManagement jsm = bus.connection().jetStreamManagement();
        List<Map<String, Object>> hops = new ArrayList<>();
        Instant previous = null;
        for (OrderIndex.Hop hop : track.hops()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("type", hop.type());
            h.put("detail", hop.detail());
            h.put("stream", hop.stream());
            h.put("sequence", hop.sequence());
            h.put("time", hop.time().toString());
            h.put("latency_ms", previous == null ? null : Duration.between(previous, hop.time()).toMillis());
            String event;
            try {
                MessageInfo message = jsm.getMessage(hop.stream(), hop.sequence());
                event = new String(message.getData(), StandardCharsets.UTF_8);
            } catch (io.nats.client.JetStreamApiException gone) {
                event = null; // removed by the stream's limits since it was indexed
            }
            h.put("event", event);
            hops.add(h);
            previous = hop.time();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("order_id", id);
        out.put("account_id", track.accountId());
        out.put("settled", track.waitingOn().isEmpty());
        out.put("waiting_on", track.waitingOn().orElse(null));
        out.put("total_ms", Duration.between(track.hops().getFirst().time(), track.last().time()).toMillis());
        out.put("hops", hops);
        return out;
    }

    @GetMapping("/api/orders")
    Map<String, Object> overview(@RequestParam(name = "stuck_after", required = false) Duration stuckAfter) {
        Duration after = stuckAfter == null ? properties.stuckAfter() : stuckAfter;
        Instant now = Instant.now();
        List<Map<String, Object>> stuck = index.stuck(after, now, 200).stream().map(t -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("order_id", t.orderId());
            s.put("last_event", t.last().type());
            s.put("last_at", t.last().time().toString());
            s.put("waiting_s", Duration.between(t.last().time(), now).toSeconds());
            s.put("waiting_on", t.waitingOn().orElse(null));
            return s;
        }).toList();
        List<Map<String, Object>> newest = index.newest().stream().flatMap(id -> index.find(id).stream()).map(t -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("order_id", t.orderId());
            s.put("last_event", t.last().type() + (t.last().detail().isEmpty() ? "" : " (" + t.last().detail() + ")"));
            s.put("settled", t.waitingOn().isEmpty());
            return s;
        }).toList();
        return Map.of("stuck_after_s", after.toSeconds(), "stuck", stuck, "newest", newest, "indexed", index.size());
    }
}
