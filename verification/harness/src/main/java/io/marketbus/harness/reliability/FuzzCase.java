package io.marketbus.harness.reliability;

import java.nio.charset.StandardCharsets;

/**
 * One fuzz request.
 *
 * @param template the endpoint as in /v3/api-docs, e.g. {@code POST /v1/ordersvc/orders/{id}/cancel}
 */
public record FuzzCase(String service, String method, String template, String path, String contentType, byte[] body,
                       String role, String label) {
    @Override
    public String toString() {
        String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
        return service + " " + method + " " + (path.length() > 160 ? path.substring(0, 160) + "…(" + path.length() + " chars)" : path)
                + " [" + label + "]" + (body == null ? "" : " body " + (body.length > 160 ? shown + "…(" + body.length + " bytes)" : shown));
    }
}
