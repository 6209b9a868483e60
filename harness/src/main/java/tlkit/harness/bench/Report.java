package tlkit.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The benchmark's outputs: console table, {@code bench.csv}, {@code runs.csv}, {@code bench.png}, {@code summary.md}. */
final class Report {

    static final String CSV_HEADER = "group,workload,unit,batch,kit_per_s,pytorch_per_s,kit_over_pytorch,"
            + "kit_peak_mib,pytorch_peak_mib,memory_ratio,kit_seconds,load_avg_1m,note";

    private final List<SummaryRow> rows;
    private final List<ResultLine> runs;
    private final Scale scale;
    private final int threads;
    private final String torch;
    private final List<String> machine;
    private final String loadAtEnd;
    private final List<Double> loads;

    /** {@code machine}: lines saying where it was measured (see {@link BenchMain#machineLines}). */
    Report(List<SummaryRow> rows, List<ResultLine> runs, Scale scale, int threads, String torch, List<String> machine,
            String loadAtEnd, List<Double> loads) {
        this.rows = rows;
        this.runs = runs;
        this.scale = scale;
        this.threads = threads;
        this.torch = torch;
        this.machine = machine;
        this.loadAtEnd = loadAtEnd;
        this.loads = loads;
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve("bench.csv"), csv());
        writeAtomically(dir.resolve("runs.csv"), runsCsv());
        writeAtomically(dir.resolve("summary.md"), markdown());
        Path tmp = dir.resolve("bench.png.tmp.png");
        BitmapEncoder.saveBitmap(chart(), tmp.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
        Files.move(tmp, dir.resolve("bench.png"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    String csv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (SummaryRow r : rows) {
            sb.append(String.join(",", Integer.toString(r.group()), r.id(), r.unit(), Integer.toString(r.batch()),
                    num(r.kitRate(), 3), num(r.torchRate(), 3), num(r.throughputRatio(), 3), num(r.kitPeakMib(), 1),
                    num(r.torchPeakMib(), 1), num(r.memoryRatio(), 3), num(r.kitSeconds(), 3), num(r.maxLoad(), 2),
                    quote(r.note()))).append('\n');
        }
        return sb.toString();
    }

    private String runsCsv() {
        StringBuilder sb = new StringBuilder("workload,engine,items,seconds,items_per_s,batch,peak_rss_mib,note\n");
        for (ResultLine r : runs) {
            sb.append(String.join(",", r.workload(), r.engine(), Long.toString(r.items()), num(r.seconds(), 4),
                    num(r.itemsPerSecond(), 3), Integer.toString(r.batch()), num(r.peakRssMib(), 1), quote(r.note())))
                    .append('\n');
        }
        return sb.toString();
    }

    /** The console table (also the body of the markdown summary). */
    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| # | workload | batch | kit | PyTorch | kit ÷ PyTorch | kit peak MiB | PyTorch peak MiB | memory ratio | load 1m |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SummaryRow r : rows) {
            boolean notebook = r.group() == 7;
            String kit = notebook ? num(r.kitSeconds(), 0) + " s" : rate(r.kitRate(), r.unit());
            String ref = r.paired() ? rate(r.torchRate(), r.unit()) : torch == null && r.group() <= 3
                    ? "PyTorch: not installed" : "–";
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.group(),
                    r.id() + (notebook ? " (" + r.note() + ")" : ""), r.batch() > 0 ? r.batch() : "–", kit, ref,
                    r.paired() ? num(r.throughputRatio(), 2) + "×" : "–", num(r.kitPeakMib(), 0),
                    r.paired() ? num(r.torchPeakMib(), 0) : "–", r.paired() ? num(r.memoryRatio(), 2) + "×" : "–",
                    num(r.maxLoad(), 1)));
        }
        return sb.toString();
    }

    static String oneLine(SummaryRow r) {
        return String.format(Locale.ROOT, "%-22s kit %s, %.0f MiB%s", r.id(),
                r.group() == 7 ? num(r.kitSeconds(), 1) + " s (" + r.note() + ")" : rate(r.kitRate(), r.unit()),
                r.kitPeakMib(), r.paired() ? String.format(Locale.ROOT, " | PyTorch %s, %.0f MiB | ratio %.2f×, memory %.2f×",
                        rate(r.torchRate(), r.unit()), r.torchPeakMib(), r.throughputRatio(), r.memoryRatio()) : "");
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Benchmark: tlkit (DJL 0.36, libtorch 2.7.1) vs PyTorch\n\n");
        md.append(String.format(Locale.ROOT, "Measured %s by `./kit bench`%s on %d CPU threads (both engines), "
                + "every workload in a fresh process (kit: a JVM, PyTorch: python3), %s. "
                + "PyTorch reference: %s. 1-minute load average while measuring: %s (at the end: %s).%n%n",
                LocalDate.now(), scale == Scale.FULL ? "" : " (scale " + scale.name().toLowerCase(Locale.ROOT) + ")",
                threads, "median of the repeats, items per second of the timed part; peak memory = VmHWM of the process",
                torch == null ? "not installed (`apt-get install python3-torch` or `pip install torch`)" : torch,
                loadRange(), loadAtEnd));
        if (!machine.isEmpty()) {
            // the same numbers mean little on another CPU, oneDNN version or OPENBLAS_CORETYPE
            md.append("Machine:\n\n");
            machine.forEach(line -> md.append("- ").append(line).append('\n'));
            md.append('\n');
        }
        md.append(table()).append('\n');
        md.append("Workloads (same network, same weights, same input tensors in both engines):\n\n");
        for (SummaryRow r : rows) {
            if (r.group() < 7) {
                md.append("- `").append(r.id()).append("`: ").append(Workload.byId(r.id()).description()).append(".\n");
            }
        }
        md.append('\n');
        List<String> findings = findings();
        if (!findings.isEmpty()) {
            md.append("What the numbers say:\n\n");
            findings.forEach(f -> md.append("- ").append(f).append('\n'));
            md.append('\n');
        }
        if (rows.stream().anyMatch(r -> r.group() == 7)) {
            md.append("Notebook rows (7): wall time of `./kit run` at default parameters and the kernel JVM's peak "
                    + "resident memory, from the run record the runner writes into each notebook's metadata "
                    + "(`tlkit_run`); \"as committed\" rows are the committed notebooks' last run, "
                    + "`./kit bench --notebooks` runs them all again (about 8 more minutes on 2 cores).\n\n");
        }
        md.append("Re-run: `./kit bench` (under 15 minutes on 2 cores; `./kit bench --quick` for a 1-2 minute smoke "
                + "that writes to bench/out/). Quiet the machine first: the numbers are only meaningful when nothing "
                + "else runs (load average below ~1.5 on 2 cores).\n");
        return md.toString();
    }

    /** Sentences derived from the table: pipeline vs step, cached-feature speed-up. */
    List<String> findings() {
        List<String> out = new ArrayList<>();
        Optional<SummaryRow> cifar = row("pipeline-cifar");
        Optional<SummaryRow> step = row("resnet20-train");
        if (cifar.isPresent() && step.isPresent()) {
            out.add(String.format(Locale.ROOT, "Image pipeline (JPEG decode + augment + batch): %s, %.1f× the "
                    + "ResNet-20 training step it feeds (%s).", rate(cifar.get().kitRate(), "images"),
                    cifar.get().kitRate() / step.get().kitRate(), rate(step.get().kitRate(), "images")));
        }
        Optional<SummaryRow> mfcc = row("pipeline-wav-mfcc");
        Optional<SummaryRow> kws = row("dscnn-train");
        if (mfcc.isPresent() && kws.isPresent()) {
            out.add(String.format(Locale.ROOT, "Audio pipeline (WAV → MFCC): %s, %.1f× the DS-CNN training step "
                    + "(%s); the kit computes MFCCs once per dataset anyway.", rate(mfcc.get().kitRate(), "clips"),
                    mfcc.get().kitRate() / kws.get().kitRate(), rate(kws.get().kitRate(), "clips")));
        }
        Optional<SummaryRow> recompute = row("head-recompute");
        Optional<SummaryRow> cached = row("head-cached");
        if (recompute.isPresent() && cached.isPresent()) {
            out.add(String.format(Locale.ROOT, "Head training for %d epochs: %.1f s recomputing the frozen "
                    + "backbone every epoch, %.1f s with FeatureCache (computing the cache included): %.1f× faster.",
                    scale.headEpochs, recompute.get().kitSeconds(), cached.get().kitSeconds(),
                    recompute.get().kitSeconds() / cached.get().kitSeconds()));
        }
        return out;
    }

    private Optional<SummaryRow> row(String id) {
        return rows.stream().filter(r -> r.id().equals(id) && !Double.isNaN(r.kitRate())).findFirst();
    }

    CategoryChart chart() {
        List<SummaryRow> paired = rows.stream().filter(SummaryRow::paired).toList();
        CategoryChart chart;
        if (!paired.isEmpty()) {
            chart = new CategoryChartBuilder().width(900).height(500)
                    .title("tlkit ÷ PyTorch on the same work (1.0 = parity; throughput: higher is better, memory: lower)")
                    .xAxisTitle("workload").yAxisTitle("ratio").build();
            List<String> names = paired.stream().map(SummaryRow::id).toList();
            chart.addSeries("throughput kit ÷ PyTorch", names, paired.stream().map(SummaryRow::throughputRatio).toList());
            chart.addSeries("peak memory kit ÷ PyTorch", names, paired.stream().map(SummaryRow::memoryRatio).toList());
        } else {
            List<SummaryRow> rated = rows.stream().filter(r -> r.group() < 6 && !Double.isNaN(r.kitRate())).toList();
            chart = new CategoryChartBuilder().width(900).height(500)
                    .title("tlkit throughput (PyTorch reference: not installed)").xAxisTitle("workload")
                    .yAxisTitle("log10(items per second)").build();
            chart.addSeries("kit", rated.stream().map(SummaryRow::id).toList(),
                    rated.stream().map(r -> Math.log10(r.kitRate())).toList());
        }
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisLabelRotation(20);
        return chart;
    }

    private String loadRange() {
        double min = loads.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
        double max = loads.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
        return Double.isNaN(min) ? "unknown" : num(min, 2) + " to " + num(max, 2);
    }

    static String rate(double perSecond, String unit) {
        if (Double.isNaN(perSecond)) {
            return "–";
        }
        return num(perSecond, perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2) + " " + unit + "/s";
    }

    static String num(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "'") + "\"";
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
