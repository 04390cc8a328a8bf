package io.marketbus.contract;

import java.util.Arrays;

/**
 * The catalogue of the five services of the marketplace: the names they have on the bus and the HTTP
 * ports they listen on unless told otherwise. The one place these are written: the services, the
 * launcher, the demo client and the tests read them from here.
 */
public enum ServiceName {
    AUTHN("authnsvc", 8081),
    AUTHZ("authzsvc", 8082),
    ORDER("ordersvc", 8083),
    INVENTORY("inventorysvc", 8084),
    PAYMENT("paymentsvc", 8085);

    private final String busName;
    private final int defaultPort;

    ServiceName(String busName, int defaultPort) {
        this.busName = busName;
        this.defaultPort = defaultPort;
    }

    /** The name used for streams, consumer names and CloudEvents sources, e.g. {@code ordersvc}. */
    public String busName() {
        return busName;
    }

    /** Its HTTP port when none is configured ({@code server.port}). */
    public int defaultPort() {
        return defaultPort;
    }

    /** Where it answers on this machine at its default port, e.g. {@code http://127.0.0.1:8083}. */
    public String defaultUrl() {
        return "http://127.0.0.1:" + defaultPort;
    }

    public static ServiceName ofBusName(String busName) {
        return Arrays.stream(values())
                .filter(s -> s.busName.equals(busName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown service '" + busName + "'"));
    }

    @Override
    public String toString() {
        return busName;
    }
}
