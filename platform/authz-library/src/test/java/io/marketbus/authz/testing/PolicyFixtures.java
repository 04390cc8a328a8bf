package io.marketbus.authz.testing;

import io.marketbus.authz.policy.Policy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Policy sets kept as data: {@code src/test/resources/policies/NAME.txt}, one policy per line,
 * blank lines and {@code #} comments ignored.
 */
public final class PolicyFixtures {

    private PolicyFixtures() {}

    /** The policies of fixture {@code name} (without ".txt"). */
    public static List<Policy> load(String name) {
        String resource = "/policies/" + name + ".txt";
        try (InputStream in = PolicyFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no policy fixture " + resource);
            }
            List<Policy> policies = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                try {
                    policies.add(Policy.parse(text));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(resource + ":" + number + ": " + e.getMessage(), e);
                }
            }
            return List.copyOf(policies);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
