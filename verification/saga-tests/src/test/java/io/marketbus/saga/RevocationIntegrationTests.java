package io.marketbus.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.AccountRevoked;
import io.nats.client.api.PublishAck;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * Item 7 of issue 10: a deleted administrator's access token, still unexpired, gets 401 on authzsvc,
 * ordersvc, inventorysvc and paymentsvc within 1 s of event-account-revoked reaching the bus
 * (authnsvc fires it with the deletion; its own refusal and authzsvc's after a real deletion are
 * tested in authnsvc's AccountsIntegrationTests). authnsvc is not in this JVM: the event is
 * published as authnsvc publishes it, on its subject.
 */
class RevocationIntegrationTests extends MarketplaceFixture {

    private final EventCodec codec = new EventCodec(EventCatalogue.load());

    /** An authenticated read on each service that an administrator passes. */
    private Map<String, ResponseEntity<String>> readsAs(String token) {
        return Map.of(
                "authzsvc", get(market.authzPort, "/v1/authzsvc/policies?subject=42", token),
                "ordersvc", get(market.ordersPort, "/v1/ordersvc/orders", token),
                "inventorysvc", get(market.inventoryPort, "/v1/inventorysvc/products", token),
                "paymentsvc", get(market.paymentsPort, "/v1/paymentsvc/transactions", token));
    }

    private static ResponseEntity<String> get(int port, String path, String token) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(s -> true, (req, res) -> { }).build()
                .get().uri(path).header("Authorization", "Bearer " + token).retrieve().toEntity(String.class);
    }

    private void publishRevocation(long account, Instant upTo) throws Exception {
        CloudEvent<AccountRevoked> event = CloudEvent.of(ServiceName.AUTHN, Long.toString(account), null, null,
                new AccountRevoked(account, upTo));
        PublishAck ack = market.nats.connection().jetStream().publish(
                market.nats.namespace().subject("authnsvc.event-account-revoked"), codec.encode(event));
        assertThat(ack.hasError()).isFalse();
    }

    @Test
    void aDeletedAdministratorsTokenGets401OnEveryServiceWithinOneSecond_anotherAdministratorIsUntouched() throws Exception {
        long deleted = market.newAccountId();
        long other = market.newAccountId();
        String deletedToken = market.tokens.token(Long.toString(deleted), "admin");
        String otherToken = market.tokens.token(Long.toString(other), "admin");
        readsAs(deletedToken).forEach((service, response) ->
                assertThat(response.getStatusCode().is2xxSuccessful()).as("%s before: %s", service, response).isTrue());

        publishRevocation(deleted, Instant.now());
        long published = System.nanoTime();

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                readsAs(deletedToken).forEach((service, response) ->
                        assertProblem(response, HttpStatus.UNAUTHORIZED)));
        System.out.printf("Revocation: the deleted administrator's token got 401 on authzsvc, ordersvc, inventorysvc"
                + " and paymentsvc %d ms after event-account-revoked was published%n",
                (System.nanoTime() - published) / 1_000_000);
        readsAs(otherToken).forEach((service, response) ->
                assertThat(response.getStatusCode().is2xxSuccessful()).as("%s, another admin: %s", service, response)
                        .isTrue());
    }

    @Test
    void aTokenIssuedAfterTheRevocationIsHonoured() throws Exception {
        long account = market.newAccountId();
        // TestTokens dates iat 5 s back: a revocation 10 s ago is older than a token minted now.
        publishRevocation(account, Instant.now().minusSeconds(10));
        String older = market.tokens.token(Long.toString(account), "admin"); // minted after the revocation
        long probe = market.newAccountId();
        publishRevocation(probe, Instant.now()); // a marker: once it is refused, the first event was applied too
        String probeToken = market.tokens.token(Long.toString(probe), "admin");
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                readsAs(probeToken).forEach((service, response) -> assertProblem(response, HttpStatus.UNAUTHORIZED)));
        readsAs(older).forEach((service, response) ->
                assertThat(response.getStatusCode().is2xxSuccessful()).as("%s: %s", service, response).isTrue());
    }
}
