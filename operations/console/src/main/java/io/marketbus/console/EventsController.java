package io.marketbus.console;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live events: a server-sent event stream of every message crossing the bus that passes the
 * filters, starting with the latest kept ones; the filtering happens here, not in the browser.
 */
@RestController
class EventsController {

    /** How many kept events a newly opened view starts with. */
    static final int BACKLOG = 200;
    private final BusWatch bus;

    EventsController(BusWatch bus) {
        this.bus = bus;
    }

    @GetMapping(path = "/api/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam(required = false) String type, @RequestParam(required = false) String service,
                      @RequestParam(required = false) String order, @RequestParam(required = false) String account) {
        SeenEvent.EventFilter filter = new SeenEvent.EventFilter(type, service, order, account);
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        // Sends are serialized: the backlog first, then the live events, never interleaved.
        Object sending = new Object();
        Runnable[] stop = new Runnable[1];
        synchronized (sending) {
            stop[0] = bus.listen(event -> {
                if (event.matches(filter)) {
                    synchronized (sending) {
                        send(emitter, event, stop[0]);
                    }
                }
            });
            for (SeenEvent event : bus.latest(filter, BACKLOG)) {
                send(emitter, event, stop[0]);
            }
        }
        emitter.onCompletion(stop[0]);
        emitter.onTimeout(stop[0]);
        emitter.onError(e -> stop[0].run());
        return emitter;
    }

    private static void send(SseEmitter emitter, SeenEvent event, Runnable stop) {
        try {
            emitter.send(SseEmitter.event().id(Long.toString(event.id())).name("bus").data(summary(event), MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException gone) {
            if (stop != null) {
                stop.run();
            }
        }
    }

    static Map<String, Object> summary(SeenEvent e) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", e.id());
        s.put("seen_at", e.seenAt().toString());
        s.put("subject", e.subject());
        s.put("type", e.type());
        s.put("service", e.service());
        s.put("order_id", e.orderId());
        s.put("account_id", e.accountId());
        s.put("time", e.time());
        return s;
    }

    @GetMapping("/api/events/{id}")
    Map<String, Object> one(@PathVariable long id) {
        SeenEvent event = bus.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "Event " + id + " is no longer kept (the console keeps the latest ones)"));
        Map<String, Object> all = summary(event);
        all.put("body", event.body());
        return all;
    }
}
