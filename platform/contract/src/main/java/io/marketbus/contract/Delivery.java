package io.marketbus.contract;

/** How the instances of a receiving service share an event (operation extension {@code x-delivery}). */
public enum Delivery {
    /** One durable consumer per (event, service): each event is handled once by one instance. */
    SHARED("shared"),
    /** Every instance reads every event through its own ordered, non-durable consumer. */
    PER_INSTANCE("per-instance");

    private final String contractName;

    Delivery(String contractName) {
        this.contractName = contractName;
    }

    public String contractName() {
        return contractName;
    }

    static Delivery of(String contractName) {
        for (Delivery d : values()) {
            if (d.contractName.equals(contractName)) {
                return d;
            }
        }
        throw new ContractException("Unknown x-delivery '" + contractName + "'");
    }
}
