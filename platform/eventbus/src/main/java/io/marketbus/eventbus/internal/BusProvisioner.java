package io.marketbus.eventbus.internal;

import io.marketbus.contract.Delivery;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventDefinition;
import io.marketbus.contract.ServiceName;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.contract.Namespace;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates streams and durable consumers from the contract. Idempotent, and safe when
 * several services start at once: a stream another one just created is updated instead.
 */
public final class BusProvisioner {

    private static final Logger log = LoggerFactory.getLogger(BusProvisioner.class);
    private static final int STREAM_NOT_FOUND = 10059;
    private static final int STREAM_NAME_IN_USE = 10058;
    /** What nats-server 2.9 answers to some of several simultaneous creations of one stream. */
    private static final int SUBJECTS_OVERLAP = 10065;

    private final JetStreamManagement management;
    private final EventCatalogue catalogue;
    private final Namespace namespace;
    private final BusSettings.Streams streams;
    private final BusSettings.Consumers consumers;

    public BusProvisioner(JetStreamManagement management, EventCatalogue catalogue, Namespace namespace,
                          BusSettings.Streams streams, BusSettings.Consumers consumers) {
        this.management = management;
        this.catalogue = catalogue;
        this.namespace = namespace;
        this.streams = streams;
        this.consumers = consumers;
    }

    /** The service streams of the contract plus the dead-letter stream. */
    public List<String> provisionStreams() throws IOException, JetStreamApiException {
        List<String> names = new ArrayList<>();
        for (String stream : catalogue.streams()) {
            List<String> subjects = catalogue.streamSubjects(stream).stream().map(namespace::subject).toList();
            names.add(ensureStream(streamConfiguration(stream, subjects, streams.maxAge())));
        }
        names.add(ensureStream(streamConfiguration(DeadLetterStream.STREAM,
                List.of(namespace.subject(DeadLetterStream.STREAM + ".>")), streams.deadLetterMaxAge())));
        return names;
    }

    /**
     * The durable consumers of a service's shared receive operations.
     *
     * @param onlyEvents when not null, only these events (a service that handles part of its contract)
     * @return the consumers as {@code stream/durable}
     */
    public List<String> provisionConsumers(ServiceName service, Set<String> onlyEvents)
            throws IOException, JetStreamApiException {
        List<String> created = new ArrayList<>();
        for (EventDefinition event : catalogue.receivedBy(service)) {
            if (event.receivers().get(service) != Delivery.SHARED
                    || (onlyEvents != null && !onlyEvents.contains(event.name()))) {
                continue;
            }
            // A parameterised command address is one wildcard filter ({@code authzsvc.event-upsert-policy.*}).
            for (String subject : event.receiveSubjects()) {
                String stream = namespace.stream(EventDefinition.streamOfSubject(subject));
                management.addOrUpdateConsumer(stream, consumerConfiguration(event, service, subject));
                created.add(stream + "/" + durableName(event, service));
            }
        }
        return created;
    }

    /** See {@link EventDefinition#durableName}. */
    public static String durableName(EventDefinition event, ServiceName service) {
        return event.durableName(service);
    }

    ConsumerConfiguration consumerConfiguration(EventDefinition event, ServiceName service, String subject) {
        return ConsumerConfiguration.builder()
                .durable(durableName(event, service))
                .description(service.busName() + " receives " + event.name())
                .filterSubject(namespace.subject(subject))
                // All, not New: events published before the consumer existed are not lost.
                .deliverPolicy(DeliverPolicy.All)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(consumers.ackWait())
                // The runtime dead-letters after maxDeliveries itself, so JetStream never drops silently.
                .maxDeliver(-1)
                .maxAckPending(consumers.maxAckPending())
                .build();
    }

    private StreamConfiguration streamConfiguration(String stream, List<String> subjects, Duration maxAge) {
        return StreamConfiguration.builder()
                .name(namespace.stream(stream))
                .subjects(subjects)
                .storageType(streams.fileStorage() ? StorageType.File : StorageType.Memory)
                .replicas(streams.replicas())
                .maxAge(maxAge)
                .duplicateWindow(streams.duplicateWindow())
                .retentionPolicy(RetentionPolicy.Limits)
                .discardPolicy(DiscardPolicy.Old)
                .build();
    }

    private String ensureStream(StreamConfiguration desired) throws IOException, JetStreamApiException {
        for (int attempt = 0; ; attempt++) {
            try {
                StreamConfiguration current = management.getStreamInfo(desired.getName()).getConfiguration();
                if (!sameSettings(current, desired)) {
                    management.updateStream(desired);
                    log.info("Updated stream {}", desired.getName());
                }
                return desired.getName();
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
            }
            try {
                management.addStream(desired);
                log.info("Created stream {} ({})", desired.getName(), desired.getSubjects());
                return desired.getName();
            } catch (JetStreamApiException e) {
                boolean createdConcurrently = e.getApiErrorCode() == STREAM_NAME_IN_USE
                        || e.getApiErrorCode() == SUBJECTS_OVERLAP;
                if (!createdConcurrently || attempt > 2) {
                    throw e; // an overlap that persists is another stream on our subjects: a real conflict
                }
                // Created concurrently by another service: loop and compare.
            }
        }
    }

    private static boolean sameSettings(StreamConfiguration a, StreamConfiguration b) {
        return Set.copyOf(a.getSubjects()).equals(Set.copyOf(b.getSubjects()))
                && a.getMaxAge().equals(b.getMaxAge())
                && a.getDuplicateWindow().equals(b.getDuplicateWindow())
                && a.getReplicas() == b.getReplicas()
                && a.getStorageType() == b.getStorageType();
    }
}
