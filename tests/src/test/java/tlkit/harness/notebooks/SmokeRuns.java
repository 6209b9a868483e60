package tlkit.harness.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import tlkit.harness.runner.NotebookRunner;
import tlkit.harness.runner.RunResult;

/**
 * Each notebook executed once per test JVM by the kit's runner, in smoke mode when it has parameters:
 * the lab tests check these runs, the real-kernel conformance tests compare kernels against them.
 */
public final class SmokeRuns {
    public static final Path ROOT = Path.of(System.getProperty("tlkit.root", "..")).toAbsolutePath().normalize();
    public static final Path EXECUTED = ROOT.resolve("tests/target/executed-notebooks");

    private static final Map<Path, RunResult> RUNS = new HashMap<>();

    private SmokeRuns() {}

    /** The runner's parameters for a notebook: SMOKE=true where the notebook declares it, else none. */
    public static Map<String, String> parameters(Path notebook) throws IOException {
        return Files.readString(notebook).contains("\"parameters\"") ? Map.of("SMOKE", "true") : Map.of();
    }

    public static synchronized RunResult of(Path notebook) throws IOException, InterruptedException {
        Path key = notebook.toAbsolutePath().normalize();
        RunResult done = RUNS.get(key);
        if (done != null) {
            return done;
        }
        Files.createDirectories(EXECUTED);
        Path out = EXECUTED.resolve(ROOT.relativize(key).toString().replace('/', '_'));
        RunResult result = NotebookRunner.builder()
                .parameters(parameters(key))
                .cellTimeout(Duration.ofMinutes(5))
                .runTimeout(Duration.ofMinutes(10))
                .build()
                .run(key, out);
        RUNS.put(key, result);
        return result;
    }
}
