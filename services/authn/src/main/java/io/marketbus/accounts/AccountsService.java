package io.marketbus.accounts;

import io.marketbus.contract.ServiceName;
import io.marketbus.support.launch.MarketbusService;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Lets the launcher find and start authnsvc. */
public final class AccountsService implements MarketbusService {

    @Override
    public ServiceName name() {
        return ServiceName.AUTHN;
    }

    @Override
    public int defaultPort() {
        return 8081;
    }

    @Override
    public SpringApplicationBuilder application() {
        return AccountsApplication.builder();
    }
}
