package io.marketbus.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderTrackUnitTests {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static OrderIndex.Hop hop(String type, long seq, long millis, String detail) {
        return new OrderIndex.Hop(type, type.contains("payment") ? "paymentsvc" : "ordersvc", seq, T0.plusMillis(millis), detail);
    }

    @Test
    void eachHopOfTheHappyPathNamesTheEventTheSagaWaitsForNext() {
        OrderIndex.OrderTrack track = new OrderIndex.OrderTrack("o-1", "7");
        track.add(hop("event-order-created", 1, 0, ""));
        assertThat(track.waitingOn()).contains("inventorysvc: event-product-reserved or event-err-reserving-product");
        track.add(hop("event-product-reserved", 2, 40, ""));
        assertThat(track.waitingOn()).contains("paymentsvc: event-payment");
        track.add(hop("event-payment", 3, 90, "payment_successful"));
        assertThat(track.waitingOn()).contains("ordersvc: event-order-approved");
        track.add(hop("event-order-approved", 4, 120, ""));
        assertThat(track.waitingOn()).isEmpty();
    }

    @Test
    void aFailedPaymentWaitsForTheCancelAndOutOfStockIsSettled() {
        OrderIndex.OrderTrack failed = new OrderIndex.OrderTrack("o-2", "7");
        failed.add(hop("event-order-created", 1, 0, ""));
        failed.add(hop("event-product-reserved", 2, 10, ""));
        failed.add(hop("event-payment", 3, 20, "payment_failed"));
        assertThat(failed.waitingOn()).contains("ordersvc: event-order-canceled");
        failed.add(hop("event-order-canceled", 4, 30, ""));
        assertThat(failed.waitingOn()).isEmpty();

        OrderIndex.OrderTrack outOfStock = new OrderIndex.OrderTrack("o-3", "7");
        outOfStock.add(hop("event-order-created", 1, 0, ""));
        outOfStock.add(hop("event-err-reserving-product", 2, 10, ""));
        assertThat(outOfStock.waitingOn()).isEmpty();
    }

    @Test
    void hopsAreKeptInTimeOrderAndADuplicateDeliveryOnce() {
        OrderIndex.OrderTrack track = new OrderIndex.OrderTrack("o-4", "7");
        track.add(hop("event-payment", 9, 50, "payment_successful"));
        track.add(hop("event-order-created", 1, 0, ""));
        assertThat(track.add(hop("event-order-created", 1, 0, ""))).isFalse();
        assertThat(track.hops()).extracting(OrderIndex.Hop::type).containsExactly("event-order-created", "event-payment");
        assertThat(track.last().type()).isEqualTo("event-payment");
    }
}
