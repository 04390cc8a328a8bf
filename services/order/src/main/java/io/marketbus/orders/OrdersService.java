package io.marketbus.orders;

import io.marketbus.contract.ServiceName;
import io.marketbus.support.launch.MarketbusService;

/** Lets the launcher find and start ordersvc. */
public final class OrdersService extends MarketbusService {

    public OrdersService() {
        super(ServiceName.ORDER, OrdersApplication.class);
    }
}
