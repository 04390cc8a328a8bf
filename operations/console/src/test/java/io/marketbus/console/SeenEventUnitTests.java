package io.marketbus.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeenEventUnitTests {

    private static SeenEvent seen(String subject, String body) {
        return SeenEvent.of(1, Instant.EPOCH, subject, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheFieldsTheViewsFilterOnFromTheCloudEvent() {
        SeenEvent e = seen("ordersvc.event-order-created", """
                {"specversion":"1.0","id":"x","source":"ordersvc","type":"event-order-created","time":"2026-01-01T00:00:00Z",
                 "data":{"order_id":"o-1","account_id":42,"quantity":1}}""");
        assertThat(e.type()).isEqualTo("event-order-created");
        assertThat(e.service()).isEqualTo("ordersvc");
        assertThat(e.orderId()).isEqualTo("o-1");
        assertThat(e.accountId()).isEqualTo("42");
        assertThat(e.matches(new SeenEvent.EventFilter("order-created", "ordersvc", "o-1", "42"))).isTrue();
        assertThat(e.matches(new SeenEvent.EventFilter(null, "paymentsvc", null, null))).isFalse();
        assertThat(e.matches(new SeenEvent.EventFilter(null, null, "o-2", null))).isFalse();
        assertThat(e.matches(new SeenEvent.EventFilter(null, null, null, "43"))).isFalse();
    }

    @Test
    void anAccountEventNamesItsAccountAndAMalformedMessageIsShownAsItIs() {
        assertThat(seen("authnsvc.event-account-created", "{\"type\":\"event-account-created\",\"data\":{\"accnt_id\":5}}").accountId())
                .isEqualTo("5");
        SeenEvent garbage = seen("ordersvc.event-order-created", "{not json");
        assertThat(garbage.type()).isEqualTo(SeenEvent.NOT_AN_EVENT);
        assertThat(garbage.body()).isEqualTo("{not json");
        assertThat(garbage.matches(new SeenEvent.EventFilter("", "ordersvc", "", ""))).isTrue();
    }
}
