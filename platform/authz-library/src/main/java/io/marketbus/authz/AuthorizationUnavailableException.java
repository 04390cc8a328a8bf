package io.marketbus.authz;

/**
 * The decision could not be made because the subject's policies could not be read. Callers must
 * treat this as "not allowed now, try later" (the web layer answers 503), never as "allowed".
 */
public class AuthorizationUnavailableException extends RuntimeException {

    public AuthorizationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuthorizationUnavailableException(String message) {
        super(message);
    }
}
