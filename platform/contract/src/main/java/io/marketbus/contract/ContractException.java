package io.marketbus.contract;

/** The AsyncAPI document itself is malformed or inconsistent: a build-time fault, never a data fault. */
public class ContractException extends RuntimeException {
    public ContractException(String message) {
        super(message);
    }
}
