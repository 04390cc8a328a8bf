package io.marketbus.console;

import io.marketbus.contract.ServiceName;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketbus.console.*}: where the console finds the system, and how much it keeps.
 *
 * @param authnUrl      authnsvc, for the admin's sign-in and its JWKS
 * @param authzUrl      authzsvc, for the authorization explain
 * @param instances     every service instance to show, by bus name, e.g.
 *                      {@code marketbus.console.instances.ordersvc=http://a:8083,http://b:8083}; a service
 *                      not named is looked for at its catalogue port on this machine
 * @param stuckAfter    an order with no terminal event this long after its last one is listed as stuck
 * @param recentEvents  how many of the latest events the live view keeps to show a newcomer
 * @param indexedOrders how many orders the timeline index holds (the least recently seen go first)
 * @param indexWindow   how far back the index reads the streams when the console starts
 */
@ConfigurationProperties("marketbus.console")
record ConsoleProperties(@DefaultValue("http://127.0.0.1:8081") String authnUrl,
                         @DefaultValue("http://127.0.0.1:8082") String authzUrl,
                         Map<String, List<String>> instances,
                         @DefaultValue("30s") Duration stuckAfter,
                         @DefaultValue("5000") int recentEvents,
                         @DefaultValue("100000") long indexedOrders,
                         @DefaultValue("24h") Duration indexWindow) {

    ConsoleProperties {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (ServiceName service : ServiceName.values()) {
            List<String> given = instances == null ? null : instances.get(service.busName());
            all.put(service.busName(), given == null || given.isEmpty() ? List.of(service.defaultUrl()) : List.copyOf(given));
        }
        instances = Map.copyOf(all);
    }

    /** Every instance URL, authnsvc first, in catalogue order. */
    List<Instance> allInstances() {
        return java.util.Arrays.stream(ServiceName.values())
                .flatMap(s -> instances.get(s.busName()).stream().map(url -> new Instance(s.busName(), strip(url))))
                .toList();
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    record Instance(String service, String url) {}
}
