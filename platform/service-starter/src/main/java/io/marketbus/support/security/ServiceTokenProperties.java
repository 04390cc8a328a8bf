package io.marketbus.support.security;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketbus.security.*}, the client side: how this service gets its own access token from the
 * authentication service (OAuth 2.0 client credentials).
 *
 * @param tokenUri      the authentication service's service-token endpoint (default: {@code ServiceDefaults})
 * @param clientId      this service's client id; by default its bus name ({@code marketbus.service})
 * @param clientSecret  its secret, as configured there ({@code marketbus.authn.service-clients.<name>})
 * @param refreshBefore how long before expiry a cached token is replaced
 */
@ConfigurationProperties("marketbus.security")
public record ServiceTokenProperties(
        URI tokenUri,
        String clientId,
        String clientSecret,
        @DefaultValue("30s") Duration refreshBefore) {

    @Override
    public String toString() {
        return "ServiceTokenProperties[tokenUri=" + tokenUri + ", clientId=" + clientId + ", clientSecret=***, refreshBefore="
                + refreshBefore + "]";
    }
}
