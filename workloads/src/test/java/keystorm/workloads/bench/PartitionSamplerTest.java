package keystorm.workloads.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import org.junit.jupiter.api.Test;

class PartitionSamplerTest {
    @Test
    void aSampleIsTheUnitsConsumedSinceTheOneBefore() {
        try (Engine engine = new Engine(EngineConfig.inMemory())) {
            EmbeddedBenchClient client = new EmbeddedBenchClient(engine);
            client.createTable("bench-p", new TableMode.OnDemand());
            // before the sampler: in its baseline, not in its samples
            client.execute(new BenchRequest.Put("bench-p", new BenchKey("before", "item"), Map.of("field0", "x"))).join();
            PartitionSampler sampler = new PartitionSampler(PartitionSampler.embedded(engine), "bench-p");
            for (int i = 0; i < 100; i++) {
                client.execute(new BenchRequest.Put("bench-p", new BenchKey("user" + i, "item"), Map.of("field0", "x"))).join();
            }
            sampler.close(); // takes the last sample
            assertNull(sampler.error());
            List<PartitionSampler.Sample> samples = sampler.samples();
            assertTrue(!samples.isEmpty());
            double units = 0;
            for (PartitionSampler.Sample sample : samples) {
                double seconds = sample.lengthSeconds();
                for (PartitionSampler.Rates rates : sample.partitions()) {
                    units += rates.consumedWriteUnits() * seconds;
                    assertEquals(0, rates.throttledWriteUnits());
                }
            }
            // 100 one-unit writes
            assertEquals(100, units, 1e-6);
            assertEquals(engine.partitionMetrics("bench-p").size(), samples.getLast().partitions().size());
        }
    }
}
