package io.marketbus.accounts.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.accounts.AuthnProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceClientsUnitTests {

    static AuthnProperties with(Map<String, String> clients) {
        return new AuthnProperties(new AuthnProperties.BootstrapAdmin(false, "a@b.c", "A", ""),
                new AuthnProperties.Tokens(Duration.ofMinutes(10), Duration.ofDays(14), Duration.ofMinutes(5)),
                new AuthnProperties.Keys(Duration.ofDays(30), Duration.ofMinutes(1)),
                new AuthnProperties.BruteForce(true, 30, 100, Duration.ofHours(12), Duration.ofMinutes(1),
                        Duration.ofMinutes(15)),
                new AuthnProperties.PasswordHashing(2, Duration.ofSeconds(1)),
                new AuthnProperties.SignUpLimit(true, 100, Duration.ofMinutes(10)),
                clients);
    }

    @Test
    void onlyTheConfiguredSecretOfAKnownClientPasses() {
        ServiceClients clients = new ServiceClients(with(Map.of("ordersvc", "0123456789abcdef-orders")));
        assertThat(clients.authenticate("ordersvc", "0123456789abcdef-orders")).isTrue();
        assertThat(clients.authenticate("ordersvc", "0123456789abcdef-orderS")).isFalse();
        assertThat(clients.authenticate("ordersvc", "")).isFalse();
        assertThat(clients.authenticate("paymentsvc", "0123456789abcdef-orders")).isFalse();
        assertThat(clients.authenticate(null, null)).isFalse();
    }

    @Test
    void unknownServicesAndShortSecretsDoNotStart() {
        assertThatThrownBy(() -> new ServiceClients(with(Map.of("mallory", "0123456789abcdef"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServiceClients(with(Map.of("ordersvc", "short"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(with(Map.of("ordersvc", "0123456789abcdef")).toString()).doesNotContain("0123456789abcdef");
    }
}
