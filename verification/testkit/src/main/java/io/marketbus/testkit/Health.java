package io.marketbus.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Whether a service's actuator health answers UP: what tests and the harness await after a start. */
public final class Health {

    private Health() {}

    /** {@code healthUrl} is the full {@code .../actuator/health} URL; not answering counts as not up. */
    public static boolean isUp(HttpClient http, String healthUrl, Duration timeout) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(healthUrl)).timeout(timeout)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
