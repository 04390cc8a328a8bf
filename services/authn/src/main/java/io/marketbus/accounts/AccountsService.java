package io.marketbus.accounts;

import io.marketbus.contract.ServiceName;
import io.marketbus.support.launch.MarketbusService;

/** Lets the launcher find and start authnsvc. */
public final class AccountsService extends MarketbusService {

    public AccountsService() {
        super(ServiceName.AUTHN, AccountsApplication.class);
    }
}
