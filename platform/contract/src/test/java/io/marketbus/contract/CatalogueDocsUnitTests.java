package io.marketbus.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.contract.docs.CatalogueDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checked-in catalogue and canvases are exactly what the contract generates. */
class CatalogueDocsUnitTests {

    @Test
    void checkedInDocsAreCurrent() throws Exception {
        Path docs = Path.of("..", "..", "docs");
        for (Map.Entry<String, String> file : new CatalogueDocs(EventCatalogue.load()).render().entrySet()) {
            Path path = docs.resolve(file.getKey());
            assertThat(path).as("%s exists (run ./marketbus docs)", path).exists();
            assertThat(Files.readString(path)).as("%s is current (run ./marketbus docs)", path).isEqualTo(file.getValue());
        }
    }

    @Test
    void everyEventHasASectionAndEveryServiceACanvas() {
        Map<String, String> files = new CatalogueDocs(EventCatalogue.load()).render();
        EventCatalogue.load().events().forEach(e -> assertThat(files.get("events.md")).contains("## " + e.name()));
        for (ServiceName s : ServiceName.values()) {
            assertThat(files).containsKey("services/" + s.busName() + ".md");
        }
        assertThat(files.get("services/inventorysvc.md")).contains("durable `event-order-created-inventorysvc`");
    }
}
