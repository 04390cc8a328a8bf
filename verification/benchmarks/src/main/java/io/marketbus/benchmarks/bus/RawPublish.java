package io.marketbus.benchmarks.bus;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.eventbus.BusAdministration;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.contract.Namespace;
import io.marketbus.busaccess.BusIdentities;
import io.marketbus.contract.access.BusPermissions;
import io.marketbus.eventbus.NatsConnections;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The raw JetStream async publish rate, the baseline of the bus and load benchmarks: CloudEvents envelopes of event-order-created encoded beforehand, {@code
 * publishAsync} with a message id and the expected stream, at most {@value #WINDOW} acks
 * outstanding, every ack awaited. It runs in a namespace of its own (same stream settings as the
 * system's), so the system under test never sees these events; the streams are deleted after.
 */
public final class RawPublish {

    public static final int WINDOW = 2_000;

    public record Result(int events, int bytes, double seconds) {
        public double rate() {
            return events / seconds;
        }
    }

    private RawPublish() {}

    /** In a namespace of its own on {@code natsUrl}; its streams are deleted afterwards. */
    public static Result measure(String natsUrl, int events) throws Exception {
        Namespace namespace = new Namespace("loadraw" + Long.toHexString(System.nanoTime()).substring(0, 6));
        EventCodec codec = new EventCodec(EventCatalogue.load());
        try (Connection nats = NatsConnections.connect(natsUrl, "marketbus-load-raw", new NatsConnections.Reconnects(),
                BusIdentities.fromEnvironment(), BusPermissions.PROVISIONING)) {
            new BusAdministration(nats, namespace)
                    .provision(EventCatalogue.load(), BusSettings.Streams.DEFAULTS, BusSettings.Consumers.DEFAULTS);
            try {
                return publish(nats.jetStream(), namespace, codec, events);
            } finally {
                deleteStreams(nats.jetStreamManagement(), namespace);
            }
        }
    }

    private static CloudEvent<OrderCreated> event() {
        UUID order = UUID.randomUUID();
        return CloudEvent.of(ServiceName.ORDER, order.toString(), UUID.randomUUID().toString(), null,
                new OrderCreated(order, OrderStatus.PENDING, 42, UUID.randomUUID(), 1));
    }

    /** Publishes {@code events} envelopes on the ordersvc stream of {@code namespace}, all acks awaited. */
    public static Result publish(JetStream js, Namespace namespace, EventCodec codec, int events) throws Exception {
        String subject = namespace.subject("ordersvc.event-order-created");
        String stream = namespace.stream("ordersvc");
        byte[][] bodies = new byte[events][];
        String[] ids = new String[events];
        for (int i = 0; i < events; i++) {
            CloudEvent<OrderCreated> e = event();
            bodies[i] = codec.encode(e);
            ids[i] = e.id().toString();
        }
        Deque<CompletableFuture<PublishAck>> pending = new ArrayDeque<>();
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            pending.add(js.publishAsync(subject, null, bodies[i],
                    PublishOptions.builder().messageId(ids[i]).expectedStream(stream).build()));
            if (pending.size() >= WINDOW) {
                pending.poll().get();
            }
        }
        while (!pending.isEmpty()) {
            pending.poll().get();
        }
        return new Result(events, bodies[0].length, (System.nanoTime() - start) / 1e9);
    }

    private static void deleteStreams(JetStreamManagement management, Namespace namespace) throws Exception {
        for (String stream : management.getStreamNames()) {
            if (stream.startsWith(namespace.prefix() + "_")) {
                management.deleteStream(stream);
            }
        }
    }
}
