package io.marketbus.contract;

import io.marketbus.contract.events.*;
import java.util.UUID;

/** One valid instance of every payload type; the tests check that none is missing. */
final class SamplePayloads {

    private SamplePayloads() {}

    static EventPayload of(Class<?> type) {
        UUID order = UUID.fromString("0b8a7c1e-4f7e-4a57-9d1c-2f1e3a4b5c6d");
        UUID product = UUID.fromString("9f1e2d3c-4b5a-4697-8877-665544332211");
        return switch (type.getSimpleName()) {
            case "AccountCreated" -> new AccountCreated(10, AccountRole.CUSTOMER);
            case "AccountDeleted" -> new AccountDeleted(10);
            case "AccountRevoked" -> new AccountRevoked(10, java.time.Instant.parse("2026-01-02T03:04:05.678Z"));
            case "AccountAuthenticated" -> new AccountAuthenticated(10);
            case "UpsertPolicy" -> new UpsertPolicy("10", "orders", "15", "get");
            case "RemovePolicy" -> new RemovePolicy("10", "orders", "*", "*");
            case "PolicyUpdated" -> new PolicyUpdated(PolicyUpdated.Method.PUT, "10", "orders", "15", "get", 7);
            case "OrderCreated" -> new OrderCreated(order, OrderStatus.PENDING, 10, product, 2);
            case "OrderCanceled" -> new OrderCanceled(order, 10, OrderCanceled.Reason.TIMEOUT);
            case "StockReleased" -> new StockReleased(order, 2);
            case "PaymentRefunded" -> new PaymentRefunded(order, 10, Money.of("25.50"));
            case "OrderApproved" -> new OrderApproved(order, 10);
            case "ProductReserved" -> new ProductReserved(order, 10, Money.of("25.50"));
            case "ErrReservingProduct" -> new ErrReservingProduct(order, "out of stock");
            case "Payment" -> new Payment(order, 10, Payment.Status.PAYMENT_SUCCESSFUL);
            case "SuspiciousActivity" -> new SuspiciousActivity(UUID.randomUUID(), 10, "orders", "15", "cancel",
                    "repeated denials", SuspiciousActivity.Severity.MEDIUM);
            default -> throw new AssertionError("No sample for " + type.getName() + ": add one");
        };
    }
}
