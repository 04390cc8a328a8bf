package io.marketbus.payments;

import io.marketbus.contract.ServiceName;
import io.marketbus.support.launch.MarketbusService;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Lets the launcher find and start paymentsvc. */
public final class PaymentsService implements MarketbusService {

    @Override
    public ServiceName name() {
        return ServiceName.PAYMENT;
    }

    @Override
    public int defaultPort() {
        return 8085;
    }

    @Override
    public SpringApplicationBuilder application() {
        return PaymentsApplication.builder();
    }
}
