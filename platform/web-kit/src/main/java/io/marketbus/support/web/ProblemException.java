package io.marketbus.support.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** A fault to report to the caller as problem+json. */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties;
    private final Map<String, String> headers;

    public ProblemException(HttpStatus status, String type, String title, String detail,
                            Map<String, Object> properties, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.properties = Map.copyOf(properties);
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " was not found", Map.of(), Map.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(HttpStatus.CONFLICT, "conflict", "Conflict", detail, Map.of(), Map.of());
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", detail, Map.of(), Map.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail, Map.of(), Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
