package io.marketbus.inventory;

import io.marketbus.contract.ServiceName;
import io.marketbus.support.launch.MarketbusService;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Lets the launcher find and start inventorysvc. */
public final class InventoryService implements MarketbusService {

    @Override
    public ServiceName name() {
        return ServiceName.INVENTORY;
    }

    @Override
    public int defaultPort() {
        return 8084;
    }

    @Override
    public SpringApplicationBuilder application() {
        return InventoryApplication.builder();
    }
}
