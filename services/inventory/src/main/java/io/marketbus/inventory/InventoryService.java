package io.marketbus.inventory;

import io.marketbus.contract.ServiceName;
import io.marketbus.support.launch.MarketbusService;

/** Lets the launcher find and start inventorysvc. */
public final class InventoryService extends MarketbusService {

    public InventoryService() {
        super(ServiceName.INVENTORY, InventoryApplication.class);
    }
}
