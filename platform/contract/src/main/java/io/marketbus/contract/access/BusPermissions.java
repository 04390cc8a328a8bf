package io.marketbus.contract.access;

import io.marketbus.contract.Delivery;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventDefinition;
import io.marketbus.contract.ServiceName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one identity may do on NATS, derived from the contract: the subjects it may publish to
 * (its own events, its dead letters, and exactly the JetStream API calls its consumers need) and
 * the subjects it may subscribe to (its own inbox). A service may not create, update, purge or
 * delete streams, nor touch another service's durable consumers; only {@link #provisioning()} may.
 *
 * @param identity  the user's name: a service's bus name, or {@value #PROVISIONING}
 * @param publish   subjects it may publish to (NATS wildcards allowed)
 * @param subscribe subjects it may subscribe to
 */
public record BusPermissions(String identity, List<String> publish, List<String> subscribe) {

    /** The identity that provisions streams and consumers and operates the bus (dlq, tests). */
    public static final String PROVISIONING = "provisioning";

    public BusPermissions {
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
    }

    /**
     * A service's permissions in one scope.
     *
     * <p>Per-instance consumers are ordered consumers the instance creates itself, so the service may
     * create consumers, but only with the filter subject of one of its per-instance receive
     * operations: it reads nothing more than the contract gives it. Shared consumers exist already
     * (provisioned); the service may only look them up, pull from them and acknowledge.
     */
    public static BusPermissions forService(EventCatalogue catalogue, ServiceName service, BusScope scope) {
        Set<String> publish = new LinkedHashSet<>();
        catalogue.publishSubjects(service).forEach(subject -> publish.add(scope.subject(subject)));
        publish.add(scope.subject(EventCatalogue.DEAD_LETTER_STREAM + "." + service.busName() + ".>"));
        for (EventDefinition event : catalogue.receivedBy(service)) {
            for (String subject : event.receiveSubjects()) {
                String stream = scope.stream(EventDefinition.streamOfSubject(subject));
                if (event.receivers().get(service) == Delivery.SHARED) {
                    String durable = event.durableName(service);
                    publish.add("$JS.API.CONSUMER.INFO." + stream + "." + durable);
                    publish.add("$JS.API.CONSUMER.MSG.NEXT." + stream + "." + durable);
                    publish.add("$JS.ACK." + stream + "." + durable + ".>");
                } else {
                    // The create call names the filter subject: nothing but this subject can be read.
                    publish.add("$JS.API.CONSUMER.CREATE." + stream + ".*." + scope.subject(subject));
                    // Flow-control answers of the ordered push consumers on that stream.
                    publish.add("$JS.FC." + stream + ".>");
                }
            }
        }
        return new BusPermissions(service.busName(), new ArrayList<>(publish), List.of(inbox(service.busName()) + ".>"));
    }

    /** Everything: streams, consumers, dead-letter replay. Held by the launcher and the test harness. */
    public static BusPermissions provisioning() {
        return new BusPermissions(PROVISIONING, List.of(">"), List.of(">"));
    }

    /** Every identity of a deployment in one scope: the provisioning one, then the services in catalogue order. */
    public static List<BusPermissions> all(EventCatalogue catalogue, BusScope scope) {
        List<BusPermissions> all = new ArrayList<>();
        all.add(provisioning());
        for (ServiceName service : ServiceName.values()) {
            all.add(forService(catalogue, service, scope));
        }
        return all;
    }

    /**
     * The inbox prefix an identity's connection uses, so that replies (publish acknowledgements,
     * pulled messages) reach only it: {@code _INBOX_ordersvc}.
     */
    public static String inbox(String identity) {
        return PROVISIONING.equals(identity) ? "_INBOX" : "_INBOX_" + identity;
    }
}
