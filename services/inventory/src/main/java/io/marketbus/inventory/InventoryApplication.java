package io.marketbus.inventory;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * inventorysvc: merchants, their products, and the stock the order saga reserves.
 * Started by the launcher through {@link InventoryService}, or on its own by {@code main}.
 */
@SpringBootApplication
public class InventoryApplication {

    public static void main(String[] args) {
        new InventoryService().application().run(args);
    }
}
