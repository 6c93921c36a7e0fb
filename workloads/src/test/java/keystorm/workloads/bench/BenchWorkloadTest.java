package keystorm.workloads.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchWorkloadTest {
    @Test
    void aYcsbWorkloadFileIsReadAsYcsbReadsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("workloadx");
        // as YCSB's workloads/workloade is written, with a comment and the class line it ignores here
        Files.writeString(file, """
                # Yahoo! Cloud System Benchmark
                recordcount=1000
                operationcount=1000
                workload=site.ycsb.workloads.CoreWorkload
                readallfields=true
                readproportion=0
                updateproportion=0
                scanproportion=0.95
                insertproportion=0.05
                requestdistribution=zipfian
                maxscanlength=100
                scanlengthdistribution=uniform
                insertorder=hashed
                """);
        BenchWorkload workload = BenchWorkload.parse(file.toString());
        assertArrayEquals(new double[] {0, 0, 0.05, 0.95, 0}, workload.proportions());
        assertEquals("zipf:0.99", workload.requestDistribution());
        assertEquals(1000, workload.recordCount());
        assertEquals(100, workload.maxScanLength());
        assertEquals(BenchWorkload.builtIn("ycsb-e").operations(), workload.operations());
        assertEquals(true, workload.ycsb(), "a file is a YCSB mix: one item per record");
    }

    @Test
    void theSixYcsbMixesAreYcsbAndWriteHeavyIsNot() {
        for (String name : BenchWorkload.names()) {
            assertEquals(!name.equals("write-heavy"), BenchWorkload.builtIn(name).ycsb(), name);
        }
    }

    @Test
    void badPropertiesAreNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w");
        Files.writeString(file, "readproportion=lots\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchWorkload.parse(file.toString()));
        assertTrue(e.getMessage().contains("readproportion") && e.getMessage().contains("lots"), e.getMessage());
        Files.writeString(file, "requestdistribution=gaussian\n");
        e = assertThrows(IllegalArgumentException.class, () -> BenchWorkload.parse(file.toString()));
        assertTrue(e.getMessage().contains("gaussian"), e.getMessage());
        Files.writeString(file, "readproportion=0\nupdateproportion=0\n");
        e = assertThrows(IllegalArgumentException.class, () -> BenchWorkload.parse(file.toString()));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        assertThrows(java.io.FileNotFoundException.class, () -> BenchWorkload.parse(dir.resolve("none").toString()));
    }

    @Test
    void aDrawFallsOnTheOperationsInOrder() {
        BenchWorkload f = BenchWorkload.builtIn("ycsb-f");
        assertEquals(BenchWorkload.Op.READ, f.choose(0));
        assertEquals(BenchWorkload.Op.READ, f.choose(0.4999));
        assertEquals(BenchWorkload.Op.READ_MODIFY_WRITE, f.choose(0.5));
        assertEquals(BenchWorkload.Op.READ_MODIFY_WRITE, f.choose(Math.nextDown(1.0)));
    }
}
