package io.marketbus.authz.cache;

/** The policy source cannot answer now (authorization service down, timeout, bad answer). */
public class PolicySourceUnavailableException extends RuntimeException {

    public PolicySourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public PolicySourceUnavailableException(String message) {
        super(message);
    }
}
