package io.marketbus.authz.policy;

/** A policy, or one of its components, is malformed. The message names the component and why. */
public class InvalidPolicyException extends IllegalArgumentException {

    public InvalidPolicyException(String message) {
        super(message);
    }
}
