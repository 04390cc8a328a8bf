package io.marketbus.inventory;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** inventorysvc: merchants, their products, and the stock the order saga reserves. */
@SpringBootApplication
public class InventoryApplication {

    /** Configured from {@code inventorysvc.properties}: five services share one class path, not one config. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(InventoryApplication.class).properties("spring.config.name=inventorysvc");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
