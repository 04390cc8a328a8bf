package io.marketbus.inventory;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** inventorysvc: merchants, their products, and the stock the order saga reserves. */
@SpringBootApplication
public class InventoryApplication {

    /** This service as an application of its own, ready to {@code run} (see {@link InventoryService}). */
    public static SpringApplicationBuilder builder() {
        return new InventoryService().application();
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
