package io.marketbus.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.ContractViolation;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.Money;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.contract.events.ProductReserved;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventDecoderUnitTests {

    static final EventCodec codec = new EventCodec(EventCatalogue.load());
    final EventDecoder<OrderCreated> decoder = new EventDecoder<>(codec, "event-order-created", OrderCreated.class);

    static Message delivery(byte[] body) {
        Message message = mock(Message.class);
        when(message.getData()).thenReturn(body);
        return message;
    }

    @Test
    void theEventOfTheSubjectIsDecoded() {
        UUID orderId = UUID.randomUUID();
        byte[] body = codec.encode(CloudEvent.of(ServiceName.ORDER, null, null, null,
                new OrderCreated(orderId, OrderStatus.PENDING, 10, UUID.randomUUID(), 1)));

        assertThat(decoder.decode(delivery(body)).data().orderId()).isEqualTo(orderId);
    }

    @Test
    void anotherEventOnTheSubjectIsAnUnknownType() {
        byte[] body = codec.encode(CloudEvent.of(ServiceName.INVENTORY, null, null, null,
                new ProductReserved(UUID.randomUUID(), 10, Money.of("1.00"))));

        assertThatThrownBy(() -> decoder.decode(delivery(body)))
                .isInstanceOfSatisfying(ContractViolation.class,
                        v -> assertThat(v.kind()).isEqualTo(ContractViolation.Kind.UNKNOWN_TYPE))
                .hasMessageContaining("arrived on the subject of event-order-created");
    }

    @Test
    void bytesThatAreNoEventAreMalformed() {
        assertThatThrownBy(() -> decoder.decode(delivery("not json".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(ContractViolation.class,
                        v -> assertThat(v.kind()).isEqualTo(ContractViolation.Kind.MALFORMED));
    }
}
