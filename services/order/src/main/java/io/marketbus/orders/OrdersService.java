package io.marketbus.orders;

import io.marketbus.contract.ServiceName;
import io.marketbus.support.launch.MarketbusService;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Lets the launcher find and start ordersvc. */
public final class OrdersService implements MarketbusService {

    @Override
    public ServiceName name() {
        return ServiceName.ORDER;
    }

    @Override
    public int defaultPort() {
        return 8083;
    }

    @Override
    public SpringApplicationBuilder application() {
        return OrdersApplication.builder();
    }
}
