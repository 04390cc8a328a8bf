package io.marketbus.policies;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** authzsvc: the policy store of Marketbus. */
@SpringBootApplication
public class PoliciesApplication {

    /** This service as an application of its own, ready to {@code run} (see {@link PoliciesService}). */
    public static SpringApplicationBuilder builder() {
        return new PoliciesService().application();
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
