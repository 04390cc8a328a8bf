package io.marketbus.console;

import io.marketbus.contract.EventCatalogue;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AccountStatistics;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Health in one page: every instance's {@code /actuator/health} and outbox (backlog and the age of
 * its oldest row, the services' {@code marketbus.outbox.*} gauges), the lag of every durable
 * consumer (pending and awaiting acknowledgement), and the NATS server and its JetStream.
 */
@RestController
class HealthController {

    private final BusWatch bus;
    private final ServiceCalls calls;
    private final ConsoleProperties properties;

    HealthController(BusWatch bus, ServiceCalls calls, ConsoleProperties properties) {
        this.bus = bus;
        this.calls = calls;
        this.properties = properties;
    }

    @GetMapping("/api/health")
    Map<String, Object> health(@AuthenticationPrincipal AdminSession admin) throws Exception {
        List<Map<String, Object>> instances = new ArrayList<>();
        // One slow instance must not make the page wait for each of the others in turn.
        try (ExecutorService asking = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Map<String, Object>>> answers = new ArrayList<>();
            for (ConsoleProperties.Instance instance : properties.allInstances()) {
                answers.add(asking.submit((Callable<Map<String, Object>>) () -> instance(instance, admin.token())));
            }
            for (Future<Map<String, Object>> a : answers) {
                instances.add(a.get());
            }
        }
        JetStreamManagement jsm = bus.connection().jetStreamManagement();
        List<Map<String, Object>> streams = new ArrayList<>();
        List<Map<String, Object>> consumers = new ArrayList<>();
        List<String> names = new ArrayList<>(EventCatalogue.load().streams());
        names.add(EventCatalogue.DEAD_LETTER_STREAM);
        for (String name : names) {
            String stream = bus.namespace().stream(name);
            StreamInfo info;
            try {
                info = jsm.getStreamInfo(stream);
            } catch (io.nats.client.JetStreamApiException missing) {
                streams.add(Map.of("stream", stream, "state", "missing (not provisioned)"));
                continue;
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("stream", stream);
            s.put("messages", info.getStreamState().getMsgCount());
            s.put("bytes", info.getStreamState().getByteCount());
            s.put("first_sequence", info.getStreamState().getFirstSequence());
            s.put("last_sequence", info.getStreamState().getLastSequence());
            s.put("consumers", info.getStreamState().getConsumerCount());
            streams.add(s);
            for (ConsumerInfo c : jsm.getConsumers(stream)) {
                if (c.getConsumerConfiguration().getDurable() == null) {
                    continue; // ordered and per-instance consumers come and go; the durable ones carry the work
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("stream", stream);
                row.put("consumer", c.getName());
                row.put("pending", c.getNumPending());
                row.put("ack_pending", c.getNumAckPending());
                row.put("redelivered", c.getRedelivered());
                row.put("waiting", c.getNumWaiting());
                consumers.add(row);
            }
        }
        AccountStatistics account = jsm.getAccountStatistics();
        Map<String, Object> nats = new LinkedHashMap<>();
        nats.put("url", bus.connection().getConnectedUrl());
        nats.put("server_version", bus.connection().getServerInfo().getVersion());
        nats.put("server_name", bus.connection().getServerInfo().getServerName());
        nats.put("jetstream", Map.of("memory", account.getMemory(), "storage", account.getStorage(),
                "streams", account.getStreams(), "consumers", account.getConsumers()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instances", instances);
        out.put("consumers", consumers);
        out.put("streams", streams);
        out.put("nats", nats);
        return out;
    }

    private Map<String, Object> instance(ConsoleProperties.Instance instance, String token) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("service", instance.service());
        row.put("url", instance.url());
        ServiceCalls.Answer health = calls.get(instance.url() + "/actuator/health", null);
        row.put("status", health.status() == 0 ? "DOWN (not answering)" : health.body().path("status").asString("answered " + health.status()));
        row.put("outbox_backlog", gauge(instance, "marketbus.outbox.backlog", token));
        row.put("outbox_oldest_age_s", gauge(instance, "marketbus.outbox.oldest.age", token));
        return row;
    }

    /** A gauge's value from {@code /actuator/metrics}, or null where the instance has none. */
    private Object gauge(ConsoleProperties.Instance instance, String meter, String token) {
        ServiceCalls.Answer answer = calls.get(instance.url() + "/actuator/metrics/" + meter, token);
        if (!answer.ok()) {
            return null;
        }
        for (JsonNode m : answer.body().path("measurements").values()) {
            if (m.path("statistic").asString().equals("VALUE")) {
                return m.path("value").asDouble();
            }
        }
        return null;
    }
}
