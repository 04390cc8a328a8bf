package io.marketbus.contract;

import java.util.List;

/**
 * An event does not satisfy the contract: malformed JSON, an unknown type, or a payload its schema
 * rejects. Raised at the call site before an event enters the outbox, and by consumers before a
 * handler sees one (where it sends the event to the dead letters with {@link #getMessage()}).
 */
public class ContractViolation extends RuntimeException {

    /** What kind of fault, so that metrics and dead-letter headers can tell them apart. */
    public enum Kind { MALFORMED, UNKNOWN_TYPE, SCHEMA, NOT_IN_CONTRACT }

    private final Kind kind;
    private final List<String> problems;

    public ContractViolation(Kind kind, String message, List<String> problems) {
        super(problems.isEmpty() ? message : message + ": " + String.join("; ", problems));
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    public ContractViolation(Kind kind, String message) {
        this(kind, message, List.of());
    }

    public Kind kind() {
        return kind;
    }

    public List<String> problems() {
        return problems;
    }
}
