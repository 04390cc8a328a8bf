package io.marketbus.testkit;

import java.util.Map;

/** A JVM that starts an embedded server, prints its URL and exits without stopping it. */
public final class EmbeddedPostgresChild {

    public static void main(String[] args) {
        System.out.println("URL " + TestPostgres.resolve(Map.of("MARKETBUS_TEST_PG_PORT", args[0])).url());
    }
}
