package io.marketbus.benchmarks.load;

import io.marketbus.harness.ServiceProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance's {@code authz.policy.update.lag} (authzsvc committing a policy change -> this
 * instance's cache applying it) over the last two minutes, in milliseconds: how long a revocation
 * takes to bite there. Target p99 <= 1 s.
 */
record UpdateLag(String instance, long changes, double p50Millis, double p99Millis) {

    /** Every instance's figures; an instance without the meter (authzsvc, a baseline) is left out. */
    static List<UpdateLag> of(LoadClient client, String admin, List<ServiceProcess> instances) throws Exception {
        List<UpdateLag> lags = new ArrayList<>();
        for (ServiceProcess instance : instances) {
            LoadClient.Reply count = client.get(instance.baseUrl(), "/actuator/metrics/authz.policy.update.lag", admin);
            if (count.status() != 200) {
                continue;
            }
            lags.add(new UpdateLag(instance.service() + " " + instance.baseUrl(),
                    (long) count.json().path("measurements").path(0).path("value").asDouble(),
                    percentile(client, admin, instance, "0.5"), percentile(client, admin, instance, "0.99")));
        }
        return lags;
    }

    private static double percentile(LoadClient client, String admin, ServiceProcess instance, String phi)
            throws Exception {
        LoadClient.Reply reply = client.get(instance.baseUrl(),
                "/actuator/metrics/authz.policy.update.lag.percentile?tag=phi:" + phi, admin);
        return reply.status() == 200 ? reply.json().path("measurements").path(0).path("value").asDouble() * 1000 : Double.NaN;
    }

    static void print(List<UpdateLag> lags) {
        System.out.println();
        System.out.println("Policy update lag under the saga load (authzsvc commit -> instance applied; target p99 <= 1000 ms)");
        System.out.println("| instance | changes | p50 ms | p99 ms |");
        System.out.println("|---|---:|---:|---:|");
        for (UpdateLag lag : lags) {
            System.out.printf("| %s | %d | %.1f | %.1f |%n", lag.instance(), lag.changes(), lag.p50Millis(), lag.p99Millis());
        }
    }
}
