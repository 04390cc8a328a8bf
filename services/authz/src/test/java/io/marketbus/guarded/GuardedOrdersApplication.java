package io.marketbus.guarded;

import io.marketbus.authz.VisibleIds;
import io.marketbus.contract.events.OrderApproved;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.support.authz.Permissions;
import io.marketbus.support.authz.RequiresPermission;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in for a service that owns "orders" and guards its endpoints with the authz adapter, so
 * the adapter is exercised end to end against the real authzsvc.
 */
@SpringBootApplication
public class GuardedOrdersApplication {

    @RestController
    static class Orders {
        private final Permissions permissions;

        Orders(Permissions permissions) {
            this.permissions = permissions;
        }

        @RequiresPermission(action = "get", resource = "orders", idVariable = "id")
        @GetMapping("/v1/ordersvc/orders/{id}")
        Map<String, String> get(@PathVariable String id) {
            return Map.of("id", id);
        }

        @RequiresPermission(action = "post", resource = "orders")
        @PostMapping("/v1/ordersvc/orders")
        Map<String, String> create() {
            return Map.of("created", "yes");
        }

        @GetMapping("/v1/ordersvc/orders")
        Map<String, Object> list() {
            VisibleIds ids = permissions.visibleIds("get", "orders");
            return Map.of("all", ids.isAll(), "ids", ids instanceof VisibleIds.Only only ? only.ids().stream().sorted().toList() : List.of());
        }
    }

    /** The rest of ordersvc's receive operations are not this stand-in's business. */
    @Bean
    EventSubscriptions nothingElse() {
        return bus -> {};
    }
}
