package io.marketbus.policies;

import io.marketbus.contract.ServiceName;
import io.marketbus.support.launch.MarketbusService;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Lets the launcher find and start authzsvc. */
public final class PoliciesService implements MarketbusService {

    @Override
    public ServiceName name() {
        return ServiceName.AUTHZ;
    }

    @Override
    public int defaultPort() {
        return 8082;
    }

    @Override
    public SpringApplicationBuilder application() {
        return PoliciesApplication.builder();
    }
}
