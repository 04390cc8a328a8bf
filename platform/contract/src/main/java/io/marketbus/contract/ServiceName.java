package io.marketbus.contract;

import java.util.Arrays;

/** The five services of the marketplace, by the names they have on the bus. */
public enum ServiceName {
    AUTHN("authnsvc"),
    AUTHZ("authzsvc"),
    ORDER("ordersvc"),
    INVENTORY("inventorysvc"),
    PAYMENT("paymentsvc");

    private final String busName;

    ServiceName(String busName) {
        this.busName = busName;
    }

    /** The name used for streams, consumer names and CloudEvents sources, e.g. {@code ordersvc}. */
    public String busName() {
        return busName;
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
