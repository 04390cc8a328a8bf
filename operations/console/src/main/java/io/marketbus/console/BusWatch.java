package io.marketbus.console;

import io.marketbus.busaccess.BusIdentities;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.Namespace;
import io.marketbus.contract.access.BusPermissions;
import io.marketbus.eventbus.NatsConnections;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's one connection to the bus, as the provisioning identity (the operator's: it may read
 * every subject and use the JetStream API; see docs/security.md), and the live view of every message
 * crossing it: a plain subscription on each stream's subjects and the dead letters, the latest ones
 * kept in a bounded ring for whoever opens the view next.
 */
final class BusWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BusWatch.class);

    private final Connection connection;
    private final Namespace namespace;
    private final int kept;
    private final Deque<SeenEvent> recent = new ArrayDeque<>();
    private final List<Consumer<SeenEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final Dispatcher dispatcher;

    BusWatch(ConsoleBus bus, int kept) throws IOException, InterruptedException {
        this.namespace = new Namespace(bus.namespace());
        this.kept = kept;
        String credentials = bus.nats().credentials();
        this.connection = NatsConnections.connect(bus.nats().url(), "marketbus-console", new NatsConnections.Reconnects(),
                credentials.isBlank() ? null : BusIdentities.in(Path.of(credentials)), BusPermissions.PROVISIONING);
        this.dispatcher = connection.createDispatcher(message -> seen(message.getSubject(), message.getData()));
        List<String> streams = new ArrayList<>(EventCatalogue.load().streams());
        streams.add(EventCatalogue.DEAD_LETTER_STREAM);
        for (String stream : streams) {
            dispatcher.subscribe(namespace.subject(stream + ".>"));
        }
        log.info("Console watching {} streams on {}", streams.size(), bus.nats().url());
    }

    private void seen(String subject, byte[] data) {
        String plain = namespace.prefix().isEmpty() ? subject : subject.substring(namespace.prefix().length() + 1);
        SeenEvent event = SeenEvent.of(ids.incrementAndGet(), Instant.now(), plain, data);
        synchronized (recent) {
            recent.addLast(event);
            while (recent.size() > kept) {
                recent.removeFirst();
            }
        }
        listeners.forEach(l -> l.accept(event));
    }

    /** The latest kept events passing {@code filter}, oldest first, at most {@code limit}. */
    List<SeenEvent> latest(SeenEvent.EventFilter filter, int limit) {
        List<SeenEvent> matching = new ArrayList<>();
        synchronized (recent) {
            var newestFirst = recent.descendingIterator();
            while (newestFirst.hasNext() && matching.size() < limit) {
                SeenEvent e = newestFirst.next();
                if (e.matches(filter)) {
                    matching.add(e);
                }
            }
        }
        return matching.reversed();
    }

    Optional<SeenEvent> find(long id) {
        synchronized (recent) {
            return recent.stream().filter(e -> e.id() == id).findFirst();
        }
    }

    /** Calls {@code listener} with every event from now on, until the returned handle is run. */
    Runnable listen(Consumer<SeenEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    Connection connection() {
        return connection;
    }

    Namespace namespace() {
        return namespace;
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
