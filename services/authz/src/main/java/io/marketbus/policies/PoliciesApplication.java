package io.marketbus.policies;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * authzsvc: the policy store of Marketbus.
 * Started by the launcher through {@link PoliciesService}, or on its own by {@code main}.
 */
@SpringBootApplication
public class PoliciesApplication {

    public static void main(String[] args) {
        new PoliciesService().application().run(args);
    }
}
