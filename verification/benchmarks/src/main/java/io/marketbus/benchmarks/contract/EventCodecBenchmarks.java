package io.marketbus.benchmarks.contract;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.EventSchemas;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.PolicyUpdated;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What reading one event costs, on the saga's most frequent event (event-policy-updated, three per
 * order, decoded by every instance of every caching service): the whole decode as consumers run it,
 * and the contract (JSON Schema) check alone, about half of it. (The validator's fail-fast boolean
 * mode was tried for valid events: no faster, so every check produces the detailed report.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventCodecBenchmarks {

    private EventCodec codec;
    private EventSchemas schemas;
    private byte[] body;
    private JsonNode tree;

    @Setup
    public void setUp() {
        codec = new EventCodec(EventCatalogue.load());
        schemas = new EventSchemas(codec.catalogue());
        CloudEvent<PolicyUpdated> event = CloudEvent.of(ServiceName.AUTHZ, "1001", UUID.randomUUID().toString(),
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                new PolicyUpdated(PolicyUpdated.Method.PUT, "1001", "orders", UUID.randomUUID().toString(), "get", 42L));
        body = codec.encode(event);
        tree = JsonMapper.builder().build().readTree(body);
        if (!schemas.problems("event-policy-updated", tree).isEmpty()) {
            throw new IllegalStateException("the benchmark's event must be valid");
        }
    }

    /** Parse, check against the contract, bind: what a consumer does with each event. */
    @Benchmark
    public CloudEvent<?> decode() {
        return codec.decode(body);
    }

    /** The contract check alone, as decode makes it. */
    @Benchmark
    public List<String> schemaCheck() {
        return schemas.problems("event-policy-updated", tree);
    }
}
