package tlkit.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchMainTest {

    static final Path ROOT = Path.of(System.getProperty("tlkit.root", "..")).toAbsolutePath().normalize();

    @Test
    void resultLineSurvivesTheTripThroughAChildProcessOutput() {
        ResultLine line = new ResultLine("resnet20-train", "kit", 256, 0.5, 128, 2048, "Fit, threads 2/2");
        String output = "features of resnet20: 1/1\n" + line.format() + "\nbye\n";
        ResultLine back = ResultLine.find(output).orElseThrow();
        assertEquals(line, back);
        assertEquals(512.0, back.itemsPerSecond(), 1e-9);
        assertEquals(2.0, back.peakRssMib(), 1e-9);
        assertTrue(ResultLine.find("no result here\n").isEmpty());
    }

    @Test
    void medianIgnoresMissingValues() {
        assertEquals(2.0, BenchMain.median(java.util.stream.DoubleStream.of(3, Double.NaN, 1, 2)), 0);
        assertEquals(2.5, BenchMain.median(java.util.stream.DoubleStream.of(4, 1, 2, 3)), 0);
        assertTrue(Double.isNaN(BenchMain.median(java.util.stream.DoubleStream.empty())));
    }

    @Test
    void notebookRowsComeFromTheRunRecordTheRunnerWrote(@TempDir Path dir) throws Exception {
        Path recorded = Files.writeString(dir.resolve("a.ipynb"), "{\"cells\": [], \"metadata\": {\"tlkit_run\": "
                + "{\"wall_seconds\": 200.5, \"peak_memory_mib\": 812, \"cpus\": 2, \"load_average_1m\": 1.25,"
                + " \"parameters\": {}, \"finished\": \"2026-11-26T17:30:00Z\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        Path bare = Files.writeString(dir.resolve("b.ipynb"), "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4}");
        BenchMain bench = new BenchMain(ROOT, Scale.TINY, List.of(), 1, true, false, dir);

        SummaryRow row = bench.notebookRow(recorded, recorded, "as committed");
        assertEquals(7, row.group());
        assertEquals(200.5, row.kitSeconds(), 0);
        assertEquals(812, row.kitPeakMib(), 0);
        assertEquals(1.25, row.maxLoad(), 0);
        assertEquals("as committed, 2026-11-26, 2 cpus", row.note());

        SummaryRow missing = bench.notebookRow(bare, bare, "as committed");
        assertTrue(Double.isNaN(missing.kitSeconds()));
        assertTrue(missing.note().startsWith("no run record"), missing.note());
    }

    /**
     * Every workload for one or two steps on tiny batches, each in its own child process (and its PyTorch
     * twin when torch imports here): the CSV has one row per workload with positive rates and memory,
     * and the chart and markdown summary are written.
     */
    @Test
    void tinyBenchmarkWritesOneCsvRowPerWorkload(@TempDir Path out) throws Exception {
        BenchMain bench = new BenchMain(ROOT, Scale.TINY, List.of(Workload.values()), 1, false, false, out);
        assertTrue(bench.run(), "a workload failed; see the logs under " + ROOT.resolve(".cache/bench/tiny/logs"));

        List<String> lines = Files.readAllLines(out.resolve("bench.csv"));
        assertEquals(Report.CSV_HEADER, lines.get(0));
        int columns = Report.CSV_HEADER.split(",").length;
        Map<String, String[]> byId = lines.subList(1, lines.size()).stream()
                .map(l -> l.split(",", columns)).collect(Collectors.toMap(f -> f[1], Function.identity()));
        assertEquals(Arrays.stream(Workload.values()).map(Workload::id).collect(Collectors.toSet()), byId.keySet());
        boolean torch = TorchReference.find() != null;
        for (Workload w : Workload.values()) {
            String[] f = byId.get(w.id());
            assertEquals(columns, f.length, w.id());
            assertTrue(Double.parseDouble(f[4]) > 0, w.id() + " kit rate " + f[4]);
            assertTrue(Double.parseDouble(f[7]) > 50, w.id() + " kit peak MiB " + f[7]);
            if (w.hasTorchReference() && torch) {
                assertTrue(Double.parseDouble(f[5]) > 0, w.id() + " PyTorch rate " + f[5]);
                assertTrue(Double.parseDouble(f[6]) > 0, w.id() + " ratio " + f[6]);
            } else {
                assertEquals("", f[5], w.id() + " has no PyTorch number");
            }
        }
        assertTrue(Files.size(out.resolve("bench.png")) > 1000);
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| resnet20-train |"), md);
        assertTrue(md.contains(torch ? "PyTorch 1" : "not installed"), md);
        assertFalse(Files.readAllLines(out.resolve("runs.csv")).isEmpty());
    }
}
