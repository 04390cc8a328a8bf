package io.marketbus.orders;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * ordersvc: orders and the state machine of the order saga.
 * Started by the launcher through {@link OrdersService}, or on its own by {@code main}.
 */
@SpringBootApplication
public class OrdersApplication {

    public static void main(String[] args) {
        new OrdersService().application().run(args);
    }
}
