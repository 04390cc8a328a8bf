package io.marketbus.orders;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** ordersvc: orders and the state machine of the order saga. */
@SpringBootApplication
public class OrdersApplication {

    /** This service as an application of its own, ready to {@code run} (see {@link OrdersService}). */
    public static SpringApplicationBuilder builder() {
        return new OrdersService().application();
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
