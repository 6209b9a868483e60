package tlkit.harness.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import tlkit.harness.jupyter.Jupyter;
import tlkit.harness.jupyter.KitKernelSpec;
import tlkit.harness.notebook.Notebook;
import tlkit.harness.runner.ParameterInjector;

/**
 * Notebooks executed by Jupyter itself (nbclient drives the kernel over its messaging protocol) under the
 * kernels of {@code ../shared/kernels}, each wrapped in the kit's kernelspec exactly as
 * {@code ./kit kernel install} wraps a student's kernel. Everything Jupyter writes stays in
 * {@code tests/target/jupyter}.
 *
 * <p>Without Jupyter or the kernels the tests are skipped with one line saying why; with env
 * {@code TLKIT_CONFORMANCE=required} (CI) that is a failure instead.
 */
final class JupyterRuns {
    static final Path PREFIX = JupyterKernels.ROOT.resolve("tests/target/jupyter");
    private static final Path EXECUTOR = JupyterKernels.ROOT.resolve("tests/src/test/resources/jupyter/execute_notebook.py");

    private static Map<String, String> environment;
    private static String python;

    private JupyterRuns() {}

    /** Result of one execution: the executed notebook and whether every cell ran. */
    record Execution(Path output, boolean completed, String log) {}

    /** The kit's kernelspec name for a shared kernel. */
    static String kitKernelName(JupyterKernels.Kernel kernel) {
        return "tlkit-" + kernel.name();
    }

    static synchronized void ensureInstalled(List<JupyterKernels.Kernel> kernels) throws IOException {
        if (environment != null) {
            return;
        }
        Optional<String> missing = whatIsMissing();
        if (missing.isPresent()) {
            String message = "skipped: real-kernel conformance needs " + missing.get()
                    + " (Debian: apt-get install jupyter-nbconvert jupyter-client python3-ipykernel)";
            if ("required".equals(System.getenv("TLKIT_CONFORMANCE"))) {
                throw new IllegalStateException(message.replace("skipped: ", "TLKIT_CONFORMANCE=required but ") );
            }
            System.out.println(message);
            Assumptions.abort(message);
        }
        Map<String, String> env = new HashMap<>();
        env.put("JUPYTER_PATH", PREFIX.resolve("share/jupyter").toString());
        env.put("JUPYTER_DATA_DIR", PREFIX.resolve("data").toString());
        env.put("JUPYTER_RUNTIME_DIR", PREFIX.resolve("runtime").toString());
        env.put("JUPYTER_CONFIG_DIR", PREFIX.resolve("config").toString());
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        env.put("DJL_CACHE_DIR", JupyterKernels.ROOT.resolve(".cache/djl").toString());
        String mirror = System.getProperty("tlkit.mirror", "");
        if (!mirror.isBlank()) {
            env.put("TLKIT_MIRROR", mirror);
        }
        Jupyter jupyter = new Jupyter("jupyter", env);
        for (JupyterKernels.Kernel k : kernels) {
            jupyter.install(k.dir(), k.name(), List.of("--prefix", PREFIX.toString()));
        }
        var installed = jupyter.kernelspecs();
        for (JupyterKernels.Kernel k : kernels) {
            Jupyter.InstalledSpec base = installed.get(k.name());
            jupyter.install(KitKernelSpec.derive(base.spec(), base.dir(), base.name()), kitKernelName(k),
                    List.of("--prefix", PREFIX.toString()));
        }
        environment = Map.copyOf(env);
    }

    /** Executes a copy of {@code notebook} with {@code parameters} injected, working in the notebook's folder. */
    static Execution execute(Path notebook, JupyterKernels.Kernel kernel, Map<String, String> parameters, Duration cellTimeout)
            throws IOException, InterruptedException {
        return execute(notebook, kitKernelName(kernel), parameters, cellTimeout);
    }

    /** As {@link #execute(Path, JupyterKernels.Kernel, Map, Duration)}, under any installed kernelspec (e.g. a stock one). */
    static Execution execute(Path notebook, String kernelspec, Map<String, String> parameters, Duration cellTimeout)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(PREFIX.resolve("executed").resolve(kernelspec));
        String name = JupyterKernels.ROOT.relativize(notebook.toAbsolutePath().normalize()).toString().replace('/', '_');
        Path in = dir.resolve(name.replace(".ipynb", ".in.ipynb"));
        Path out = dir.resolve(name);
        Notebook copy = Notebook.read(notebook);
        ParameterInjector.inject(copy, parameters);
        copy.write(in);
        Path log = dir.resolve(name.replace(".ipynb", ".log"));
        ProcessBuilder pb = new ProcessBuilder(python, EXECUTOR.toString(), in.toString(), out.toString(),
                kernelspec, notebook.toAbsolutePath().getParent().toString(),
                Long.toString(cellTimeout.toSeconds()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        if (!p.waitFor(cellTimeout.toSeconds() * 4 + 120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return new Execution(out, p.exitValue() == 0 && Files.isRegularFile(out), text);
    }

    private static Optional<String> whatIsMissing() {
        Optional<Path> jupyter = onPath("jupyter");
        if (jupyter.isEmpty()) {
            return Optional.of("the 'jupyter' command");
        }
        if (onPath("jupyter-kernelspec").isEmpty()) {
            return Optional.of("'jupyter kernelspec'");
        }
        python = pythonOf(jupyter.get());
        if (!succeeds(python, "-c", "import nbclient, nbformat")) {
            return Optional.of("nbclient for " + python);
        }
        return Optional.empty();
    }

    /** The Python that runs {@code jupyter} (from its #! line): the one that has nbclient. */
    private static String pythonOf(Path jupyter) {
        try {
            String first = Files.readAllLines(jupyter, StandardCharsets.UTF_8).get(0);
            if (first.startsWith("#!") && first.contains("python")) {
                return first.substring(2).trim().split("\\s+")[0];
            }
        } catch (IOException | RuntimeException e) {
            // a binary launcher: fall back to the default Python
        }
        return "python3";
    }

    private static Optional<Path> onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static boolean succeeds(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
