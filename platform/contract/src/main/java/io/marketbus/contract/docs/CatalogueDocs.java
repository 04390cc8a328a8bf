package io.marketbus.contract.docs;

import io.marketbus.contract.Namespace;
import io.marketbus.contract.access.BusPermissions;
import io.marketbus.contract.access.BusScope;
import io.marketbus.contract.Delivery;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventDefinition;
import io.marketbus.contract.ServiceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Generates the human-readable event catalogue ({@code docs/events.md}) and one canvas per service
 * ({@code docs/services/<service>.md}) from the AsyncAPI document, so docs cannot drift from it.
 * A unit test fails when the checked-in files differ from what this produces.
 */
public final class CatalogueDocs {

    static final String HEADER = "<!-- Generated from contract/src/main/resources/" + EventCatalogue.DOCUMENT
            + " by ./marketbus docs. Do not edit by hand. -->\n";

    private final EventCatalogue catalogue;

    public CatalogueDocs(EventCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** Relative path (under docs/) to file content. */
    public Map<String, String> render() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("events.md", eventsPage());
        for (ServiceName service : ServiceName.values()) {
            files.put("services/" + service.busName() + ".md", canvas(service));
        }
        return files;
    }

    public void writeTo(Path docsDir) throws IOException {
        for (Map.Entry<String, String> file : render().entrySet()) {
            Path target = docsDir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
    }

    public static void main(String[] args) throws IOException {
        Path docs = Path.of(args.length > 0 ? args[0] : "docs");
        new CatalogueDocs(EventCatalogue.load()).writeTo(docs);
        System.out.println("Wrote the event catalogue and service canvases to " + docs.toAbsolutePath());
    }

    private String eventsPage() {
        StringBuilder md = new StringBuilder(HEADER);
        md.append("# Event catalogue\n\n");
        md.append("Every event is a CloudEvents 1.0 JSON envelope (`specversion`, `id`, `source`, `type`, `time`, ")
                .append("`datacontenttype`, optional `subject`, the extensions `requestid` and `traceparent`) whose `data` ")
                .append("is the payload below. Subjects may carry a namespace prefix (`<ns>.`). Unknown fields are rejected.\n\n");
        md.append("| Event | Subject | Sent by | Received by |\n|---|---|---|---|\n");
        for (EventDefinition e : catalogue.events()) {
            md.append("| [").append(e.name()).append("](#").append(e.name()).append(") | `")
                    .append(e.addressTemplate()).append("` | ").append(names(e.senders())).append(" | ")
                    .append(receivers(e)).append(" |\n");
        }
        for (EventDefinition e : catalogue.events()) {
            md.append("\n## ").append(e.name()).append("\n\n");
            md.append(e.summary()).append("\n\n");
            md.append("- Subject: `").append(e.addressTemplate()).append("`\n");
            md.append("- Sent by: ").append(names(e.senders())).append("\n");
            md.append("- Received by: ").append(receivers(e)).append("\n\n");
            md.append(fieldTable(e.dataSchema()));
        }
        return md.toString();
    }

    private String canvas(ServiceName service) {
        StringBuilder md = new StringBuilder(HEADER);
        md.append("# ").append(service.busName()).append(" — service canvas\n\n");
        md.append("Events this service sends and receives, as the contract says. Its HTTP API is described by its ")
                .append("OpenAPI document (`/v3/api-docs` on a running service).\n\n");
        Set<String> owned = catalogue.ownership().ownedBy(service);
        md.append(owned.isEmpty() ? "Owns no resource types: it may grant or remove no policy.\n\n"
                : "Owns resource types " + owned.stream().map(t -> "`" + t + "`").collect(Collectors.joining(", "))
                        + ": authzsvc applies its policy commands only on these, and its token reads and writes only "
                        + "their policies.\n\n");
        eventTable(md, "## Sends\n\n", "| Event | Subject | Received by |\n|---|---|---|\n", catalogue.sentBy(service),
                e -> "`" + e.subjectFor(service) + "` | " + receivers(e));
        eventTable(md, "\n## Receives\n\n", "| Event | Subject | Sent by | Delivery | Consumer |\n|---|---|---|---|---|\n",
                catalogue.receivedBy(service), e -> {
                    Delivery delivery = e.receivers().get(service);
                    String consumer = delivery == Delivery.SHARED
                            ? "durable `" + e.name() + "-" + service.busName() + "`"
                            : "ordered, per instance";
                    if (e.senderParameter().isPresent() && e.receiveSubjects().size() == 1) {
                        consumer += " on `" + e.receiveSubjects().iterator().next() + "`";
                    }
                    return "`" + e.addressTemplate() + "` | " + names(e.senders()) + " | " + delivery.contractName()
                            + " | " + consumer;
                });
        busPermissions(md, BusPermissions.forService(catalogue, service, BusScope.of(Namespace.NONE)));
        return md.toString();
    }

    /** What the secured bus lets this service's identity do, exactly as the generated server configuration says. */
    private static void busPermissions(StringBuilder md, BusPermissions permissions) {
        md.append("\n## Bus permissions\n\n")
                .append("Its NATS identity (`").append(permissions.identity()).append("`) may do this and nothing more; ")
                .append("`./marketbus nats-config` writes it into the server configuration (a namespace prefixes each ")
                .append("subject and stream). It may not create, update, purge or delete streams or durable consumers.\n\n")
                .append("| may | subject |\n|---|---|\n");
        permissions.publish().forEach(subject -> md.append("| publish | `").append(subject).append("` |\n"));
        permissions.subscribe().forEach(subject -> md.append("| subscribe | `").append(subject).append("` |\n"));
    }

    /** A heading, then a table of one row per event (its name linking to its description), or "Nothing.". */
    private static void eventTable(StringBuilder md, String heading, String columns, List<EventDefinition> events,
                                   Function<EventDefinition, String> cells) {
        md.append(heading);
        if (events.isEmpty()) {
            md.append("Nothing.\n");
            return;
        }
        md.append(columns);
        for (EventDefinition e : events) {
            md.append("| [").append(e.name()).append("](../events.md#").append(e.name()).append(") | ")
                    .append(cells.apply(e)).append(" |\n");
        }
    }

    private static String fieldTable(JsonNode schema) {
        StringBuilder md = new StringBuilder("| Field | Type | Required | Description |\n|---|---|---|---|\n");
        Set<String> required = schema.path("required").values().stream()
                .map(JsonNode::asString).collect(Collectors.toSet());
        for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
            md.append("| `").append(p.getKey()).append("` | ").append(typeOf(p.getValue())).append(" | ")
                    .append(required.contains(p.getKey()) ? "yes" : "no").append(" | ")
                    .append(p.getValue().path("description").asString("").replace("|", "\\|")).append(" |\n");
        }
        return md.toString();
    }

    private static String typeOf(JsonNode property) {
        StringBuilder type = new StringBuilder(property.path("type").asString("any"));
        if (property.has("format")) {
            type.append(" (").append(property.get("format").asString()).append(")");
        }
        if (property.has("enum")) {
            type.append(": ").append(property.get("enum").values().stream()
                    .map(v -> "`" + v.asString() + "`").collect(Collectors.joining(", ")));
        }
        if (property.has("pattern")) {
            type.append(", pattern `").append(property.get("pattern").asString().replace("|", "\\|")).append("`");
        }
        return type.toString();
    }

    private static String names(Set<ServiceName> services) {
        return services.isEmpty() ? "—" : services.stream().map(ServiceName::busName).collect(Collectors.joining(", "));
    }

    private static String receivers(EventDefinition e) {
        if (e.receivers().isEmpty()) {
            return "—";
        }
        return e.receivers().entrySet().stream()
                .map(r -> r.getKey().busName() + (r.getValue() == Delivery.PER_INSTANCE ? " (every instance)" : ""))
                .collect(Collectors.joining(", "));
    }
}
