package io.marketbus.saga;

import org.junit.jupiter.api.AfterEach;

/**
 * What a saga test class works with: the marketplace of this JVM and a shop on it; after each test
 * every invariant is checked.
 */
abstract class MarketplaceFixture {

    final Marketplace market = Marketplace.get();
    final Shop shop = new Shop(market);

    @AfterEach
    void invariantsHold() {
        Invariants.assertSettled(market);
    }
}
