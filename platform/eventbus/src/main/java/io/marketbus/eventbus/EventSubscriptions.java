package io.marketbus.eventbus;

/**
 * A service's handlers, registered on its bus before it starts. Services declare one as a bean; the
 * Spring wiring applies every such bean, then starts the bus.
 */
@FunctionalInterface
public interface EventSubscriptions {
    void subscribe(EventBus bus);
}
