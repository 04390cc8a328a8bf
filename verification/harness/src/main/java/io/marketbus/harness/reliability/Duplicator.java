package io.marketbus.harness.reliability;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers every event twice: listens to every service subject of the namespace
 * ({@code <ns>.<stream>.<event>}) and publishes each message once more, same bytes and headers,
 * under a new {@code Nats-Msg-Id} (so JetStream keeps it) and with a header marking it a copy (so
 * it is not copied again). The consumers must drop the copy (or the original) through their inbox.
 */
public final class Duplicator implements AutoCloseable {

    public static final String COPY_HEADER = "Marketbus-Harness-Copy";

    private final Connection connection;
    private final JetStream jetStream;
    private final Dispatcher dispatcher;
    private final AtomicLong originals = new AtomicLong();
    private final AtomicLong copiesAcked = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<PublishAck>> pending = new CopyOnWriteArrayList<>();

    public Duplicator(Connection connection, String namespace) throws Exception {
        this.connection = connection;
        this.jetStream = connection.jetStream();
        this.dispatcher = connection.createDispatcher(message -> {
            Headers original = message.getHeaders();
            if (original != null && original.containsKey(COPY_HEADER)) {
                return;
            }
            originals.incrementAndGet();
            Headers headers = new Headers();
            if (original != null) {
                original.keySet().stream().filter(k -> !k.equalsIgnoreCase("Nats-Msg-Id"))
                        .forEach(k -> headers.put(k, original.get(k)));
            }
            headers.put(COPY_HEADER, "1");
            CompletableFuture<PublishAck> ack = jetStream.publishAsync(message.getSubject(), headers, message.getData(),
                    PublishOptions.builder().messageId("copy-" + UUID.randomUUID()).build());
            pending.add(ack);
            ack.whenComplete((a, e) -> {
                if (e != null || a.hasError()) {
                    failures.add(message.getSubject() + ": " + (e != null ? e : a.getError()));
                } else {
                    copiesAcked.incrementAndGet();
                }
                pending.remove(ack);
            });
        });
        dispatcher.setPendingLimits(-1, -1);
        // Service streams are <ns>.<stream>.<event>; the dead letters (<ns>.deadletter.<service>.<event>) have four tokens.
        dispatcher.subscribe(namespace + ".*.*");
        connection.flush(java.time.Duration.ofSeconds(5));
    }

    public long originals() {
        return originals.get();
    }

    public long copies() {
        return copiesAcked.get();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Whether every copy made so far was acknowledged by JetStream. */
    public boolean settled() {
        return pending.isEmpty();
    }

    @Override
    public void close() {
        connection.closeDispatcher(dispatcher);
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
