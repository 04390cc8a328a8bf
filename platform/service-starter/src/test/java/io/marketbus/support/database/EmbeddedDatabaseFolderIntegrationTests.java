package io.marketbus.support.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Five services starting together on a fresh data folder open their embedded databases at the same
 * moment. H2 creates a missing folder with a check-then-create that fails the losers of the race
 * ("a file with this name already exists"): without the folder made first, about a third of these
 * rounds lost a service on the build machine, so 100 rounds do not pass by luck.
 */
class EmbeddedDatabaseFolderIntegrationTests {

    private static final List<String> SERVICES = List.of("authnsvc", "authzsvc", "ordersvc", "inventorysvc", "paymentsvc");

    @Test
    void servicesOpeningTheirDatabasesAtOnceOnAFreshFolderAllSucceed(@TempDir Path temp) throws Exception {
        for (int round = 0; round < 100; round++) {
            Path dataDir = temp.resolve("round-" + round).resolve("data");
            CyclicBarrier together = new CyclicBarrier(SERVICES.size());
            try (ExecutorService services = Executors.newFixedThreadPool(SERVICES.size())) {
                List<Future<?>> opened = new ArrayList<>();
                for (String service : SERVICES) {
                    opened.add(services.submit(() -> {
                        String url = embeddedUrl(service, dataDir);
                        together.await();
                        try (Connection ignored = DriverManager.getConnection(url, "sa", "")) {
                            return null;
                        }
                    }));
                }
                for (Future<?> f : opened) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        throw new AssertionError("round " + round + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            assertThat(dataDir.resolve("h2")).isDirectory();
            assertThat(Files.list(dataDir.resolve("h2")).count()).isGreaterThanOrEqualTo(SERVICES.size());
        }
    }

    /** What a service's start-up makes of its environment, as the service does it. */
    private static String embeddedUrl(String service, Path dataDir) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test",
                Map.of("marketbus.service", service, "marketbus.data-dir", dataDir.toString())));
        new ServiceDatabase().postProcessEnvironment(environment, new SpringApplication());
        return environment.getRequiredProperty("spring.datasource.url");
    }
}
