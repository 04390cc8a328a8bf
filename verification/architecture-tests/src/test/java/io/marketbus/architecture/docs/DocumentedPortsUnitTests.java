package io.marketbus.architecture.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.contract.ServiceName;
import io.marketbus.testkit.DocumentedTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The ports the README and the services' READMEs name are the service catalogue's. */
class DocumentedPortsUnitTests {

    private static final Path ROOT = DocumentedTable.repositoryRoot();

    @Test
    void theReadmeNamesEachServiceWithItsCataloguePort() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Map<String, Integer> documented = new TreeMap<>();
        var mention = Pattern.compile("\\b(authn|authz|order|inventory|payment) (\\d{4})\\b").matcher(readme);
        while (mention.find()) {
            documented.put(mention.group(1) + "svc", Integer.parseInt(mention.group(2)));
        }

        assertThat(documented).as("'<service> <port>' in README.md").isEqualTo(catalogue());
    }

    @Test
    void eachServiceReadmeThatNamesItsPortNamesTheCataloguePort() throws Exception {
        int readmesWithAPort = 0;
        for (ServiceName service : ServiceName.values()) {
            Path readme = ROOT.resolve("services").resolve(service.busName().replace("svc", "")).resolve("README.md");
            if (!Files.exists(readme)) {
                continue;
            }
            var port = Pattern.compile("(?:^Port |`server\\.port` \\| `)(\\d+)", Pattern.MULTILINE).matcher(Files.readString(readme));
            while (port.find()) {
                readmesWithAPort++;
                assertThat(Integer.parseInt(port.group(1))).as("port in %s", readme).isEqualTo(service.defaultPort());
            }
        }
        assertThat(readmesWithAPort).as("service READMEs naming a port").isGreaterThanOrEqualTo(4);
    }

    private static Map<String, Integer> catalogue() {
        Map<String, Integer> ports = new TreeMap<>();
        for (ServiceName service : ServiceName.values()) {
            ports.put(service.busName(), service.defaultPort());
        }
        return ports;
    }
}
