package io.marketbus.orders.order;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketbus.support.authz.Permissions;
import io.marketbus.support.authz.RequiresPermission;
import io.marketbus.support.web.CallerAccount;
import io.marketbus.support.web.IdempotentWrite;
import io.marketbus.support.web.Page;
import io.marketbus.support.web.PageRequest;
import io.marketbus.support.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/ordersvc}: customers place orders (policy {@code orders:post:*}, granted to every
 * customer), read and cancel their own (policies granted per order), and list what they may read.
 */
@RestController
@RequestMapping("/v1/ordersvc")
class OrderController {

    private final Orders orders;
    private final Permissions permissions;

    OrderController(Orders orders, Permissions permissions) {
        this.orders = orders;
        this.permissions = permissions;
    }

    @Operation(summary = "Place an order (status pending); inventory and payment answer through the saga")
    @RequiresPermission(action = "post", resource = "orders")
    @PostMapping("/orders")
    @IdempotentWrite
    ResponseEntity<Order> place(@Valid @RequestBody PlaceOrder request) {
        Order order = orders.place(CallerAccount.require("Only an account can place orders"), request.productId(),
                request.quantity());
        return ResponseEntity.created(URI.create("/v1/ordersvc/orders/" + order.id())).body(order);
    }

    @Operation(summary = "One order")
    @RequiresPermission(action = "get", resource = "orders", idVariable = "id")
    @GetMapping("/orders/{id}")
    Order get(@PathVariable UUID id) {
        return orders.find(id).orElseThrow(() -> ProblemException.notFound("Order " + id));
    }

    @Operation(summary = "The orders the caller may read, newest first")
    @GetMapping("/orders")
    Page<Order> list(PageRequest page) {
        return orders.list(permissions.visibleIds("get", "orders"), page);
    }

    @Operation(summary = "Operators: canceled or failed orders by compensation state (pending: stock release or refund"
            + " not confirmed yet, asked for again every marketbus.orders.compensation-retry; confirmed), newest first")
    @GetMapping("/orders/compensations")
    Page<Order> compensations(@RequestParam(defaultValue = "pending") String state, PageRequest page) {
        if (!permissions.isAdmin()) {
            throw ProblemException.forbidden("Only an administrator lists compensations");
        }
        if (!state.equals("pending") && !state.equals("confirmed")) {
            throw ProblemException.badRequest("state is pending or confirmed, not '" + state + "'");
        }
        return orders.compensations(state, page);
    }

    @Operation(summary = "Cancel an order: before payment its stock is released, after payment it is also refunded")
    @RequiresPermission(action = "cancel", resource = "orders", idVariable = "id")
    @PostMapping("/orders/{id}/cancel")
    Order cancel(@PathVariable UUID id) {
        OrderSaga.Transition transition = orders.apply(id, SagaEvent.CANCEL_REQUESTED, null, null)
                .orElseThrow(() -> ProblemException.notFound("Order " + id));
        if (transition.effect() == OrderSaga.Effect.REFUSED) {
            throw new ProblemException(HttpStatus.CONFLICT, "order-ended", "Order ended",
                    "The order ended as " + transition.from().wireName() + "; there is nothing to cancel",
                    Map.of("status", transition.from().wireName()), Map.of());
        }
        return orders.find(id).orElseThrow();
    }

    record PlaceOrder(
            @NotNull @JsonProperty("product_id") UUID productId,
            @NotNull @Min(1) @Max(1_000_000) Integer quantity) {}
}
