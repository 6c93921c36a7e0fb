package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Stream;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.wal.SyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keystorm serve --data-dir} on a log damaged in the middle: one line naming the segment
 * and the byte, exit 65, no stack trace, the directory left as it was.
 */
class ServeRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aLogDamagedInTheMiddleIsRefusedInOneLineNamingFileAndOffset() throws Exception {
        try (Engine engine = new Engine(EngineConfig.durable(dir, SyncPolicy.ALWAYS))) {
            engine.createTable(CreateTableRequest.onDemand("items", "pk", ScalarAttributeType.S, null, null));
            for (int i = 0; i < 50; i++) {
                engine.putItem(PutItemRequest.of("items", Item.of(Map.of("pk", AttributeValue.s("k" + i), "v", AttributeValue.n(i)))));
            }
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(f -> f.getFileName().toString().matches("wal-\\d{8}\\.log")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = channel.size() / 2;
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            channel.read(one, at);
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (one.get(0) ^ 0x5a)}), at);
        }
        byte[] damaged = Files.readAllBytes(segment);
        CommandLineTest run = CommandLineTest.run("serve", "--data-dir", dir.toString(), "--port", "0")
                .assertStatus(ExitStatus.DATA_ERROR);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("cannot recover --data-dir " + dir).contains(segment.toString())
                .containsPattern("at byte \\d+ of \\d+").contains("damaged in the middle").doesNotContain("Exception");
        assertThat(Files.readAllBytes(segment)).isEqualTo(damaged);
    }
}
