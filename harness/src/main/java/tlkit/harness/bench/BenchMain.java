package tlkit.harness.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import tlkit.harness.runner.NotebookRunner;

/**
 * {@code ./kit bench [--quick]}: every workload in a fresh child process (kit JVM, then its PyTorch
 * twin, interleaved, repeated), a table on stdout, and CSV + PNG chart + markdown summary in
 * {@code bench/results/} ({@code bench/out/<scale>/} for --quick and --scale tiny).
 *
 * <pre>
 * BenchMain REPO_ROOT [--quick | --scale tiny|quick|full] [--only ID,ID...] [--repeats N]
 *                     [--no-notebooks | --notebooks] [--out DIR]
 * BenchMain REPO_ROOT --profile WORKLOAD
 * </pre>
 */
public final class BenchMain {

    private final Path root;
    private final Scale scale;
    private final List<Workload> workloads;
    private final int repeats;
    private final boolean notebooks;
    private final boolean rerunNotebooks;
    private final Path out;
    private final Path work;
    private final int threads = Runtime.getRuntime().availableProcessors();
    private final long started = System.nanoTime();
    private final List<ResultLine> runs = new ArrayList<>();
    private final List<Double> loads = new ArrayList<>();

    BenchMain(Path root, Scale scale, List<Workload> workloads, int repeats, boolean notebooks,
            boolean rerunNotebooks, Path out) {
        this.root = root.toAbsolutePath().normalize();
        this.scale = scale;
        this.workloads = workloads;
        this.repeats = repeats;
        this.notebooks = notebooks;
        this.rerunNotebooks = rerunNotebooks;
        this.out = out;
        this.work = this.root.resolve(".cache").resolve("bench").resolve(scale.name().toLowerCase(Locale.ROOT));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("usage: BenchMain REPO_ROOT [--quick | --scale tiny|quick|full] [--only ID,...] "
                    + "[--repeats N] [--no-notebooks | --notebooks] [--out DIR] [--profile WORKLOAD]\nworkloads: " + Workload.ids());
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        Scale scale = Scale.FULL;
        List<Workload> only = List.of(Workload.values());
        Integer repeats = null;
        Workload profile = null;
        boolean notebooks = true;
        boolean rerun = false;
        Path out = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> scale = Scale.QUICK;
                case "--scale" -> scale = Scale.parse(args[++i]);
                case "--only" -> only = Arrays.stream(args[++i].split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty() && !s.equals("notebooks")).map(Workload::byId).toList();
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--no-notebooks" -> notebooks = false;
                case "--notebooks" -> rerun = true;
                case "--profile" -> profile = Workload.byId(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("bench: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            out = scale == Scale.FULL ? root.resolve("bench").resolve("results")
                    : root.resolve("bench").resolve("out").resolve(scale.name().toLowerCase(Locale.ROOT));
        }
        int r = repeats != null ? repeats : scale == Scale.FULL ? 3 : 1;
        BenchMain bench = new BenchMain(root, scale, only, r, notebooks && scale == Scale.FULL, rerun, out);
        System.exit((profile != null ? bench.profile(profile) : bench.run()) ? 0 : 1);
    }

    /** Runs everything and writes the results; false if a workload failed. */
    boolean run() throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "bench: scale %s, %d repeat(s), %d threads, load average %s%n",
                scale.name().toLowerCase(Locale.ROOT), repeats, threads, SystemLoad.describe());
        TorchReference reference = TorchReference.find();
        String torch = reference == null ? null : reference.describe();
        System.out.println("bench: PyTorch reference: " + (torch == null ? "not installed" : torch));
        if (reference != null && reference.blasWarning() != null) {
            System.out.println("bench: WARNING: " + reference.blasWarning());
            torch += " — WARNING: netlib reference BLAS, PyTorch matrix products unoptimised";
        }
        List<String> machine = machineLines(MachineFacts.here(), kitEngine(),
                reference == null ? null : reference.facts(), threads);
        machine.forEach(line -> System.out.println("bench: " + line));
        prepareInputs();
        boolean ok = true;
        List<SummaryRow> rows = new ArrayList<>();
        for (Workload w : workloads) {
            List<ResultLine> kit = new ArrayList<>();
            List<ResultLine> ref = new ArrayList<>();
            double maxLoad = 0;
            for (int rep = 0; rep < repeats; rep++) {
                maxLoad = Math.max(maxLoad, SystemLoad.oneMinute());
                ok &= measure(kitCommand("run", w.id(), work.toString(), scale.name()), w, "kit", rep).map(kit::add)
                        .isPresent();
                if (w.hasTorchReference() && reference != null) {
                    ok &= measure(reference.command(root, w, work, scale, threads), w, "pytorch", rep)
                            .map(ref::add).isPresent();
                }
            }
            if (!kit.isEmpty()) {
                rows.add(summarise(w, kit, ref, maxLoad));
                System.out.println("bench: " + Report.oneLine(rows.get(rows.size() - 1)));
                // written after every workload, so an interrupted run still leaves what it measured
                new Report(rows, runs, scale, threads, torch, machine, SystemLoad.describe(), loads).write(out);
            }
        }
        if (notebooks) {
            rows.addAll(notebookRows());
        }
        Report report = new Report(rows, runs, scale, threads, torch, machine, SystemLoad.describe(), loads);
        report.write(out);
        System.out.println();
        System.out.println(report.table());
        System.out.printf(Locale.ROOT, "bench: wrote %s (%.0f s)%n", out, elapsed());
        return ok;
    }

    /**
     * {@code --profile WORKLOAD}: runs the workload once in each engine with the libtorch profiler on
     * and prints where the time goes, op by op (also written to {@code profile-WORKLOAD.md}).
     */
    boolean profile(Workload w) throws IOException, InterruptedException {
        TorchReference reference = TorchReference.find();
        if (!w.hasTorchReference() || reference == null) {
            System.out.println("bench: --profile compares with PyTorch: " + w.id() + (reference == null
                    ? " needs python3 with torch" : " has no PyTorch twin") + "; choose one of "
                    + java.util.Arrays.stream(Workload.values()).filter(Workload::hasTorchReference).map(Workload::id).toList());
            return false;
        }
        prepareInputs();
        Path kitTrace = work.resolve("profile-" + w.id() + "-kit.json");
        Path torchTrace = work.resolve("profile-" + w.id() + "-pytorch.json");
        List<String> kit = kitCommand("run", w.id(), work.toString(), scale.name());
        kit.add(1, "-D" + WorkloadMain.PROFILE_PROPERTY + "=" + kitTrace);
        List<String> torch = new ArrayList<>(reference.command(root, w, work, scale, threads));
        torch.addAll(List.of("--profile", torchTrace.toString()));
        boolean ok = measure(kit, w, "kit-profiled", 0).isPresent() & measure(torch, w, "pytorch-profiled", 0).isPresent();
        if (!ok) {
            return false;
        }
        String table = "## Where the time goes: " + w.id() + " (libtorch profiler, self time per op, whole run)\n\n"
                + OpProfile.compare(OpProfile.read(kitTrace), OpProfile.read(torchTrace), 8);
        Files.createDirectories(out);
        Files.writeString(out.resolve("profile-" + w.id() + ".md"), table);
        System.out.println();
        System.out.println(table);
        return true;
    }

    /**
     * The kit's libtorch and what oneDNN chose for one convolution, from a child JVM like the measured
     * ones; parts it could not tell are "unknown" rather than a failed bench.
     */
    private EngineFacts kitEngine() throws InterruptedException {
        Path log = work.resolve("logs").resolve("describe-kit.log");
        try {
            ChildProcess.Outcome o = ChildProcess.run(kitCommand("describe"), OneDnnFacts.VERBOSE, root, log, 300);
            if (!o.ok()) {
                System.out.println("bench: describing the kit's engine failed; log " + log);
            }
            return EngineFacts.ofKit(o.output());
        } catch (IOException e) {
            System.out.println("bench: describing the kit's engine failed: " + e);
            return EngineFacts.ofKit("");
        }
    }

    /** Where the numbers were measured: the CPU, the engine settings, each engine's native back-end. */
    static List<String> machineLines(MachineFacts machine, EngineFacts kit, EngineFacts reference, int threads) {
        List<String> lines = new ArrayList<>();
        lines.add("CPU: " + machine.describeCpu());
        lines.add("engine settings in the environment: " + machine.describeEngineSettings());
        lines.add("kit: " + kit.describe());
        if (reference != null) {
            lines.add("PyTorch reference: " + reference.describe() + "; run with "
                    + TorchReference.blasThreads(threads));
        }
        return lines;
    }

    private void prepareInputs() throws IOException, InterruptedException {
        System.out.println("bench: preparing the shared inputs in " + work);
        ChildProcess.Outcome o = ChildProcess.run(kitCommand("prepare", work.toString(), scale.name()), root,
                work.resolve("prepare.log"), 600);
        if (!o.ok()) {
            throw new IllegalStateException("Preparing the benchmark inputs failed (exit " + o.exitCode()
                    + "); log " + work.resolve("prepare.log") + ":\n" + ChildProcess.tail(o.output(), 30));
        }
    }

    private java.util.Optional<ResultLine> measure(List<String> command, Workload w, String engine, int rep)
            throws IOException, InterruptedException {
        Path log = work.resolve("logs").resolve(w.id() + "-" + engine + "-" + rep + ".log");
        loads.add(SystemLoad.oneMinute());
        ChildProcess.Outcome o = ChildProcess.run(command, root, log, 900);
        java.util.Optional<ResultLine> line = o.ok() ? ResultLine.find(o.output()) : java.util.Optional.empty();
        if (line.isEmpty()) {
            System.out.println("bench: " + w.id() + " (" + engine + ") failed" + (o.timedOut() ? " (timed out)" : "")
                    + "; log " + log + ":\n" + ChildProcess.tail(o.output(), 15));
            return line;
        }
        runs.add(line.get());
        return line;
    }

    private SummaryRow summarise(Workload w, List<ResultLine> kit, List<ResultLine> ref, double maxLoad) {
        return new SummaryRow(w.group(), w.id(), w.description(), w.unit(), kit.get(0).batch(),
                median(kit.stream().mapToDouble(ResultLine::itemsPerSecond)),
                median(ref.stream().mapToDouble(ResultLine::itemsPerSecond)),
                median(kit.stream().mapToDouble(ResultLine::peakRssMib)),
                median(ref.stream().mapToDouble(ResultLine::peakRssMib)),
                median(kit.stream().mapToDouble(ResultLine::seconds)), maxLoad, kit.get(0).note());
    }

    /**
     * Item 7: wall time and kernel peak memory of every lab notebook at its default parameters. Together
     * they take ~7 minutes on 2 cores, which with the workloads would crowd this command's 15-minute
     * budget, so by default the rows come from the run record {@code ./kit run} wrote into each committed
     * notebook ({@link NotebookRunner#RUN_METADATA}); {@code --notebooks} runs them all again now.
     */
    private List<SummaryRow> notebookRows() throws IOException, InterruptedException {
        List<SummaryRow> rows = new ArrayList<>();
        List<Path> books;
        try (Stream<Path> s = Files.list(root.resolve("notebooks"))) {
            books = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        for (Path nb : books) {
            Path measured = nb;
            String how = "as committed";
            if (rerunNotebooks) {
                measured = work.resolve("notebooks").resolve(nb.getFileName());
                ChildProcess.Outcome o = ChildProcess.run(List.of(root.resolve("kit").toString(), "run", nb.toString(),
                        "--out", measured.toString()), root, work.resolve("logs").resolve(nb.getFileName() + ".log"), 3600);
                how = o.exitCode() == 0 ? "run now" : "FAILED now (exit " + o.exitCode() + ")";
            }
            rows.add(notebookRow(nb, measured, how));
            System.out.println("bench: " + Report.oneLine(rows.get(rows.size() - 1)));
        }
        return rows;
    }

    SummaryRow notebookRow(Path nb, Path executed, String how) throws IOException {
        String id = "notebook " + nb.getFileName();
        String description = "./kit run " + root.relativize(nb);
        JsonObject meta = JsonParser.parseString(Files.readString(executed)).getAsJsonObject().getAsJsonObject("metadata");
        JsonObject run = meta == null ? null : meta.getAsJsonObject(NotebookRunner.RUN_METADATA);
        if (run == null) {
            return new SummaryRow(7, id, description, "run", 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, "no run record: execute it with ./kit run " + root.relativize(nb));
        }
        double seconds = run.get("wall_seconds").getAsDouble();
        double peak = run.has("peak_memory_mib") ? run.get("peak_memory_mib").getAsDouble() : Double.NaN;
        double load = run.has("load_average_1m") ? run.get("load_average_1m").getAsDouble() : Double.NaN;
        String note = String.format(Locale.ROOT, "%s, %s, %d cpus", how,
                run.get("finished").getAsString().substring(0, 10), run.get("cpus").getAsInt());
        return new SummaryRow(7, id, description, "run", 0, 1 / seconds, Double.NaN, peak, Double.NaN, seconds, load, note);
    }

    /**
     * A fresh JVM like the parent: same java and class path, its -D and -XX flags (not its -Xmx: the
     * child gets the JVM's default heap, like a notebook kernel) and its tlkit.* / ai.djl.* settings.
     */
    List<String> kitCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-D") || a.startsWith("-XX:") && !a.startsWith("-XX:MaxHeapSize")) {
                cmd.add(a);
                seen.add(a.split("=", 2)[0]);
            }
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if ((name.startsWith("tlkit.") || name.startsWith("ai.djl.")) && !seen.contains("-D" + name)) {
                cmd.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(WorkloadMain.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private double elapsed() {
        return (System.nanoTime() - started) / 1e9;
    }

    static double median(java.util.stream.DoubleStream values) {
        double[] v = values.filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
