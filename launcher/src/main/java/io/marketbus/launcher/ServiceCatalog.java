package io.marketbus.launcher;

import io.marketbus.contract.ServiceName;
import io.marketbus.support.launch.MarketbusService;
import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The services on the class path, found through {@link ServiceLoader}. */
record ServiceCatalog(Map<ServiceName, MarketbusService> services) {

    static ServiceCatalog installed() {
        Map<ServiceName, MarketbusService> found = new EnumMap<>(ServiceName.class);
        ServiceLoader.load(MarketbusService.class).forEach(s -> found.put(s.name(), s));
        return new ServiceCatalog(found);
    }

    MarketbusService get(String busName) {
        MarketbusService service = services.get(ServiceName.ofBusName(busName));
        if (service == null) {
            throw new IllegalArgumentException(busName + " is not part of this build");
        }
        return service;
    }
}
