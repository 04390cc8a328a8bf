package io.marketbus.orders;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** ordersvc: orders and the state machine of the order saga. */
@SpringBootApplication
public class OrdersApplication {

    /** Configured from {@code ordersvc.properties}: five services share one class path, not one config. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(OrdersApplication.class).properties("spring.config.name=ordersvc");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
