package io.marketbus.console;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
    /** How far one view may fall behind the bus before it is closed. */
    static final int QUEUED = 10_000;
    private final BusWatch bus;

    EventsController(BusWatch bus) {
        this.bus = bus;
    }

    @GetMapping(path = "/api/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam(required = false) String type, @RequestParam(required = false) String service,
                      @RequestParam(required = false) String order, @RequestParam(required = false) String account) {
        SeenEvent.EventFilter filter = new SeenEvent.EventFilter(type, service, order, account);
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        // The bus's thread only queues; a sender of this view's own writes, so a slow browser holds up
        // nobody else. One that falls QUEUED behind is closed (its EventSource reconnects afresh).
        BlockingQueue<SeenEvent> queue = new ArrayBlockingQueue<>(QUEUED);
        Runnable stop = bus.listen(event -> {
            if (event.matches(filter) && !queue.offer(event)) {
                emitter.complete();
            }
        });
        List<SeenEvent> backlog = bus.latest(filter, BACKLOG);
        long newestShown = backlog.isEmpty() ? 0 : backlog.getLast().id();
        Thread sender = Thread.ofVirtual().name("console-sse").start(() -> {
            try {
                for (SeenEvent event : backlog) {
                    send(emitter, event);
                }
                while (!Thread.currentThread().isInterrupted()) {
                    SeenEvent event = queue.take();
                    if (event.id() > newestShown) { // the backlog may already hold it
                        send(emitter, event);
                    }
                }
            } catch (IOException | IllegalStateException | InterruptedException gone) {
                // the browser went away, or the view was closed
            } finally {
                stop.run();
            }
        });
        emitter.onCompletion(() -> { stop.run(); sender.interrupt(); });
        emitter.onTimeout(() -> { stop.run(); sender.interrupt(); });
        emitter.onError(e -> { stop.run(); sender.interrupt(); });
        return emitter;
    }

    private static void send(SseEmitter emitter, SeenEvent event) throws IOException {
        emitter.send(SseEmitter.event().id(Long.toString(event.id())).name("bus").data(summary(event), MediaType.APPLICATION_JSON));
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
