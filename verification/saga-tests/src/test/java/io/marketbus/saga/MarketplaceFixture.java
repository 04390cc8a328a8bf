package io.marketbus.saga;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What a saga test class works with: the marketplace of this JVM and a shop on it; after each test
 * every invariant is checked.
 */
abstract class MarketplaceFixture {

    final Marketplace market = Marketplace.get();
    final Shop shop = new Shop(market);

    /** A refusal: this status, as problem+json. */
    static void assertProblem(ResponseEntity<?> response, HttpStatus status) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    }

    @AfterEach
    void invariantsHold() {
        Invariants.assertSettled(market);
    }
}
