package io.marketbus.payments;

import io.marketbus.contract.ServiceName;
import io.marketbus.support.launch.MarketbusService;

/** Lets the launcher find and start paymentsvc. */
public final class PaymentsService extends MarketbusService {

    public PaymentsService() {
        super(ServiceName.PAYMENT, PaymentsApplication.class);
    }
}
