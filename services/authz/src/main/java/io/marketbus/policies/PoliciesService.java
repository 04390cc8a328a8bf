package io.marketbus.policies;

import io.marketbus.contract.ServiceName;
import io.marketbus.support.launch.MarketbusService;

/** Lets the launcher find and start authzsvc. */
public final class PoliciesService extends MarketbusService {

    public PoliciesService() {
        super(ServiceName.AUTHZ, PoliciesApplication.class);
    }
}
