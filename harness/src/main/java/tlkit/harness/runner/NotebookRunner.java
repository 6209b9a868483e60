package tlkit.harness.runner;

import tlkit.harness.notebook.Cell;
import tlkit.harness.notebook.Notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tlkit.harness.kernel.CellOutcome;
import tlkit.harness.runner.kernel.KernelJob;

/**
 * Executes a Java notebook headlessly the way the IJava 1.3.0 kernel would (JShell, local execution,
 * a fresh JVM per notebook working in the notebook's folder) and writes the executed notebook.
 *
 * <pre>{@code
 * RunResult r = NotebookRunner.builder()
 *         .parameters(Map.of("EPOCHS", "1"))
 *         .cellTimeout(Duration.ofMinutes(5))
 *         .build()
 *         .run(Path.of("notebooks/01-features.ipynb"), Path.of("out/01-features.ipynb"));
 * if (!r.succeeded()) System.out.println(r.failure().get().describe());
 * }</pre>
 */
public final class NotebookRunner {
    /** Notebook metadata key of the last run's cost (see {@link #runRecord}). */
    public static final String RUN_METADATA = "tlkit_run";

    public static final Duration DEFAULT_CELL_TIMEOUT = Duration.ofSeconds(600);
    static final String EXTRA_TAG = "extra-cell";

    private final Map<String, String> parameters;
    private final Duration cellTimeout;
    private final boolean allowErrors;
    private final List<String> extraCells;
    private final List<String> jvmArgs;
    private final Map<String, String> environment;
    private final Duration runTimeout;
    private final ProcessBuilder.Redirect console;

    private NotebookRunner(Builder b) {
        this.parameters = new LinkedHashMap<>(b.parameters);
        this.cellTimeout = b.cellTimeout != null ? b.cellTimeout : timeoutFromIJavaEnv();
        this.allowErrors = b.allowErrors;
        this.extraCells = List.copyOf(b.extraCells);
        this.jvmArgs = List.copyOf(b.jvmArgs);
        this.environment = Map.copyOf(b.environment);
        this.runTimeout = b.runTimeout;
        this.console = b.console;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** IJAVA_TIMEOUT is in milliseconds (IJava's convention; -1 = none), else the default. */
    private static Duration timeoutFromIJavaEnv() {
        String env = System.getenv("IJAVA_TIMEOUT");
        if (env == null || env.isBlank()) return DEFAULT_CELL_TIMEOUT;
        try {
            long ms = Long.parseLong(env.trim());
            return ms <= 0 ? Duration.ZERO : Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("IJAVA_TIMEOUT=" + env + " is not a number of milliseconds; unset it or fix it");
        }
    }

    Duration cellTimeout() {
        return cellTimeout;
    }

    boolean allowErrors() {
        return allowErrors;
    }

    List<String> jvmArgs() {
        return jvmArgs;
    }

    Map<String, String> environment() {
        return environment;
    }

    Duration runTimeout() {
        return runTimeout;
    }

    ProcessBuilder.Redirect console() {
        return console;
    }

    /**
     * Runs {@code in} and writes the executed notebook to {@code out} (temp file + rename; may equal
     * {@code in}). Cell failures are reported in the result, not thrown.
     *
     * @throws IllegalArgumentException for bad parameters (unknown name, wrong type, no parameters cell)
     * @throws IOException if the notebook cannot be read/written or the kernel JVM cannot start
     */
    public RunResult run(Path in, Path out) throws IOException, InterruptedException {
        long start = System.nanoTime();
        double loadAtStart = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path input = in.toAbsolutePath().normalize();
        Notebook notebook = Notebook.read(input);
        notebook.upgradeToV45();
        ParameterInjector.inject(notebook, parameters);
        int firstExtra = notebook.cells().size();
        for (String src : extraCells) {
            notebook.insertCodeCell(notebook.cells().size(), src, List.of(EXTRA_TAG));
        }
        List<Cell> views = notebook.cells();
        List<JsonObject> cells = views.stream().map(Cell::json).toList();
        List<KernelJob.CellJob> jobs = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = views.get(i);
            if (!cell.isCode()) continue;
            cell.json().add("outputs", new JsonArray());
            cell.json().add("execution_count", JsonNull.INSTANCE);
            String src = cell.source();
            if (!src.isBlank()) jobs.add(new KernelJob.CellJob(i, src)); // Jupyter skips empty cells
        }

        KernelProcess.Outcome outcome = KernelProcess.run(jobs.toArray(KernelJob.CellJob[]::new), input.getParent(), this);

        Map<Integer, CellStatus> status = new HashMap<>();
        for (CellOutcome c : outcome.cells()) {
            JsonObject cell = cells.get(c.notebookIndex());
            cell.addProperty("execution_count", c.executionCount());
            JsonArray outputs = OutputJson.toJson(c.outputs(), c.executionCount());
            status.put(c.notebookIndex(), switch (c.status()) {
                case OK -> CellStatus.OK;
                case ERROR -> CellStatus.ERROR;
                case TIMEOUT -> CellStatus.TIMEOUT;
                case KERNEL_DIED -> {
                    outputs.add(kernelDied(c.notebookIndex(), outcome.exitCode()));
                    yield CellStatus.KERNEL_DIED;
                }
            });
            cell.add("outputs", outputs);
        }
        Integer running = outcome.runningNotebookIndex();
        if (running != null && !status.containsKey(running)) {
            // the kernel vanished (killed, crashed, run time limit) before recording the cell
            JsonObject cell = cells.get(running);
            cell.addProperty("execution_count", outcome.runningCount());
            JsonArray outputs = new JsonArray();
            if (outcome.killedByRunTimeout()) {
                outputs.add(OutputJson.error("EvaluationTimeoutException", "the whole run exceeded its limit of "
                        + runTimeout.toSeconds() + " s", List.of("The run exceeded its wall-clock limit of " + runTimeout.toSeconds()
                        + " s while executing this cell; the kernel was killed.")));
                status.put(running, CellStatus.TIMEOUT);
            } else {
                outputs.add(kernelDied(running, outcome.exitCode()));
                status.put(running, CellStatus.KERNEL_DIED);
            }
            cell.add("outputs", outputs);
        } else if (running == null && !jobs.isEmpty() && outcome.cells().isEmpty()) {
            throw new IOException("the kernel JVM exited with code " + outcome.exitCode() + " before running any cell of "
                    + input + "; see its console output above");
        }

        notebook.metadata().add(RUN_METADATA, runRecord(outcome, start, loadAtStart));
        notebook.write(out);

        List<CellResult> results = new ArrayList<>();
        RunFailure failure = null;
        for (int i = 0; i < cells.size(); i++) {
            JsonObject cell = cells.get(i);
            Cell view = views.get(i);
            String type = view.type();
            CellStatus s = !view.isCode() ? CellStatus.NOT_CODE : status.getOrDefault(i, CellStatus.NOT_EXECUTED);
            String firstLine = view.firstLine();
            JsonArray outputs = cell.has("outputs") ? cell.getAsJsonArray("outputs").deepCopy() : new JsonArray();
            Integer count = cell.has("execution_count") && !cell.get("execution_count").isJsonNull()
                    ? cell.get("execution_count").getAsInt() : null;
            results.add(new CellResult(i, type, firstLine, view.tags(), i >= firstExtra, s, count, outputs));
            if (failure == null && s.failed()) failure = failureOf(i, firstLine, s, outputs);
        }
        return new RunResult(out.toAbsolutePath(), List.copyOf(results), Optional.ofNullable(failure), outcome.exitCode(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * What this run cost, kept in the notebook's metadata under {@value #RUN_METADATA}: wall seconds
     * (kernel start to last cell), the kernel JVM's peak resident memory, the machine's cores and load
     * when it started, the injected parameters. {@code ./kit bench} reads it for the notebook rows.
     */
    private JsonObject runRecord(KernelProcess.Outcome outcome, long start, double loadAtStart) {
        JsonObject run = new JsonObject();
        run.addProperty("wall_seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        if (outcome.peakMemoryKib() > 0) run.addProperty("peak_memory_mib", Math.round(outcome.peakMemoryKib() / 1024.0));
        run.addProperty("cpus", Runtime.getRuntime().availableProcessors());
        if (loadAtStart >= 0) run.addProperty("load_average_1m", Math.round(loadAtStart * 100) / 100.0);
        JsonObject params = new JsonObject();
        parameters.forEach(params::addProperty);
        run.add("parameters", params);
        run.addProperty("finished", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return run;
    }

    private static RunFailure failureOf(int index, String firstLine, CellStatus s, JsonArray outputs) {
        for (int k = outputs.size() - 1; k >= 0; k--) {
            JsonObject o = outputs.get(k).getAsJsonObject();
            if ("error".equals(o.get("output_type").getAsString())) {
                return new RunFailure(index, firstLine, s, o.get("ename").getAsString(), o.get("evalue").getAsString());
            }
        }
        return new RunFailure(index, firstLine, s, s.name(), "");
    }

    private static JsonObject kernelDied(int index, int exitCode) {
        String msg = "The kernel died while executing cell " + index + " (JVM exit code " + exitCode + "). In IJava this"
                + " kills the kernel and loses all variables; remove any System.exit call and check memory use.";
        return OutputJson.error("KernelDiedException", msg, List.of(msg));
    }

    /** Configures a {@link NotebookRunner}; every setting has a default. */
    public static final class Builder {
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private Duration cellTimeout;
        private boolean allowErrors;
        private final List<String> extraCells = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> environment = new HashMap<>();
        private Duration runTimeout;
        private ProcessBuilder.Redirect console = ProcessBuilder.Redirect.INHERIT;

        /** Papermill-style parameters (NAME to VALUE text), injected after the cell tagged "parameters". */
        public Builder parameters(Map<String, String> values) {
            parameters.putAll(values);
            return this;
        }

        public Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        /** Per-cell limit (default IJAVA_TIMEOUT ms if set, else 600 s); zero = no limit. */
        public Builder cellTimeout(Duration timeout) {
            this.cellTimeout = timeout;
            return this;
        }

        /** Keep running after a failing cell (like nbconvert --allow-errors). */
        public Builder allowErrors(boolean allow) {
            this.allowErrors = allow;
            return this;
        }

        /** Code cells appended after the notebook's cells and run in the same JShell session (hidden tests). */
        public Builder extraCells(List<String> sources) {
            extraCells.addAll(sources);
            return this;
        }

        /** Arguments for the kernel JVM, e.g. "-Xmx2g". */
        public Builder jvmArgs(List<String> args) {
            jvmArgs.addAll(args);
            return this;
        }

        /** Extra environment variables for the kernel JVM (on top of this process's environment). */
        public Builder environment(Map<String, String> env) {
            environment.putAll(env);
            return this;
        }

        /** Wall-clock limit for the whole kernel JVM; null (default) = only the per-cell limit. */
        public Builder runTimeout(Duration timeout) {
            this.runTimeout = timeout;
            return this;
        }

        /** Where the kernel's live stdout/stderr goes: INHERIT (default) or a file via Redirect.appendTo. */
        public Builder console(ProcessBuilder.Redirect redirect) {
            this.console = redirect;
            return this;
        }

        public NotebookRunner build() {
            return new NotebookRunner(this);
        }
    }
}
