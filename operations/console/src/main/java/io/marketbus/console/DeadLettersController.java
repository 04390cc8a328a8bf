package io.marketbus.console;

import io.marketbus.eventbus.BusAdministration;
import io.marketbus.eventbus.DeadLetter;
import io.marketbus.eventbus.DeadLetters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The dead letters, as {@code ./marketbus dlq} shows them: a page of them with the reason, one with
 * its original event, and replay (one or all) by POST with the session's CSRF token, after the page
 * asked for a confirmation.
 */
@RestController
class DeadLettersController {

    private final BusWatch bus;

    DeadLettersController(BusWatch bus) {
        this.bus = bus;
    }

    private DeadLetters letters() throws IOException {
        return new BusAdministration(bus.connection(), bus.namespace()).deadLetters();
    }

    @GetMapping("/api/deadletters")
    Map<String, Object> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size)
            throws IOException {
        int bounded = Math.clamp(size, 1, 500);
        List<DeadLetter> all = letters().list();
        List<Map<String, Object>> items = all.stream().skip((long) Math.max(page, 0) * bounded).limit(bounded)
                .map(DeadLettersController::summary).toList();
        return Map.of("total", all.size(), "page", page, "size", bounded, "items", items);
    }

    @GetMapping("/api/deadletters/{sequence}")
    Map<String, Object> one(@PathVariable long sequence) throws IOException {
        DeadLetter letter = find(sequence);
        Map<String, Object> out = summary(letter);
        out.put("original", new String(letter.body(), StandardCharsets.UTF_8));
        return out;
    }

    @PostMapping("/api/deadletters/{sequence}/replay")
    Map<String, Object> replay(@PathVariable long sequence) throws IOException {
        find(sequence);
        letters().replay(sequence);
        return Map.of("replayed", List.of(sequence));
    }

    @PostMapping("/api/deadletters/replay-all")
    Map<String, Object> replayAll() throws IOException {
        DeadLetters letters = letters();
        List<Long> sequences = letters.list().stream().map(DeadLetter::sequence).toList();
        sequences.forEach(letters::replay);
        return Map.of("replayed", sequences);
    }

    private DeadLetter find(long sequence) throws IOException {
        return letters().list().stream().filter(l -> l.sequence() == sequence).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No dead letter " + sequence));
    }

    private static Map<String, Object> summary(DeadLetter l) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("sequence", l.sequence());
        s.put("service", l.service());
        s.put("event", l.eventName());
        s.put("kind", l.kind());
        s.put("reason", l.reason());
        s.put("subject", l.originalSubject());
        s.put("deliveries", l.deliveries());
        return s;
    }
}
