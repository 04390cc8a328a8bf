package io.marketbus.accounts.tokens;

import io.marketbus.accounts.AuthnProperties;
import io.marketbus.contract.ServiceName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The services that may get a service token, with their secrets
 * ({@code marketbus.authn.service-clients.<bus name>=<secret>}). Secrets are compared in constant
 * time (as SHA-256 digests, so neither content nor length leaks), also for an unknown client.
 */
@Component
class ServiceClients {

    static final int MIN_SECRET_LENGTH = 16;

    private final Map<String, byte[]> digests;
    private final byte[] nobody = digest("no client has this secret " + System.nanoTime());

    ServiceClients(AuthnProperties properties) {
        properties.serviceClients().forEach((name, secret) -> {
            ServiceName.ofBusName(name); // an unknown name is a configuration fault: fail the start
            if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalStateException("marketbus.authn.service-clients." + name + " must be at least "
                        + MIN_SECRET_LENGTH + " characters");
            }
        });
        this.digests = properties.serviceClients().entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> digest(e.getValue())));
    }

    boolean authenticate(String clientId, String secret) {
        byte[] expected = digests.getOrDefault(clientId == null ? "" : clientId, nobody);
        boolean equal = MessageDigest.isEqual(expected, digest(secret == null ? "" : secret));
        return equal && expected != nobody;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
