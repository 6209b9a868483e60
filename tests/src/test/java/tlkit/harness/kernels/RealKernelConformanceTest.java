package tlkit.harness.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tlkit.harness.notebooks.SmokeRuns;
import tlkit.harness.runner.RunResult;

/**
 * Every lab (smoke mode) and every homework solution executed by real Jupyter under each kernel of
 * {@code ../shared/kernels} (the "your turn" solutions under IJava), and compared with the kit's runner cell by cell
 * (report: {@code tests/target/conformance/report.md}).
 */
class RealKernelConformanceTest {
    /** While working on one notebook: {@code -Dtlkit.conformance.only=REGEX} (matched against its path). */
    private static final Pattern ONLY = Pattern.compile(System.getProperty("tlkit.conformance.only", ""));

    static Stream<Arguments> notebooksUnderKernels() throws IOException {
        List<Arguments> all = new ArrayList<>();
        List<JupyterKernels.Kernel> kernels = JupyterKernels.shared();
        for (String folder : List.of("notebooks", "solutions/labs", "solutions/homework")) {
            try (Stream<Path> s = Files.list(SmokeRuns.ROOT.resolve(folder))) {
                for (Path nb : s.filter(p -> p.toString().endsWith(".ipynb") && ONLY.matcher(p.toString()).find()).sorted().toList()) {
                    // "your turn" solutions reuse their lab's code: under IJava only, to keep CI under its time budget
                    kernels.stream().filter(k -> !folder.equals("solutions/labs") || k.name().startsWith("ijava"))
                            .forEach(k -> all.add(Arguments.of(SmokeRuns.ROOT.relativize(nb).toString(), k)));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("notebooksUnderKernels")
    void runsInJupyterLikeTheKitsRunner(String notebook, JupyterKernels.Kernel kernel) throws Exception {
        Path source = SmokeRuns.ROOT.resolve(notebook);
        JupyterRuns.ensureInstalled(JupyterKernels.shared());
        JupyterRuns.Execution real = JupyterRuns.execute(source, kernel, SmokeRuns.parameters(source), Duration.ofMinutes(10));
        assertTrue(real.completed(), () -> notebook + " under " + kernel + " did not complete; executed copy "
                + real.output() + "\n" + tail(real.log()));
        RunResult kit = SmokeRuns.of(source);
        assertTrue(kit.succeeded(), () -> notebook + " fails in the kit's runner: " + kit.failure().orElseThrow().describe());
        Comparison c = Comparison.of(notebook, kernel.name(), ExecutedNotebook.read(kit.output()), ExecutedNotebook.read(real.output()));
        ConformanceReport.add(c);
        assertTrue(c.numbersCompared() > 0 || c.codeCells() < 3, () -> notebook + ": no numbers compared; the comparison is blind");
        assertEquals(List.of(), c.differences(), () -> notebook + " under " + kernel + " differs from the kit's runner (kit: "
                + kit.output() + ", kernel: " + real.output() + ")");
    }

    /** A student who starts a stock kernel gets a failed check that names the fix, not "All checks passed". */
    @ParameterizedTest(name = "under stock {0}")
    @MethodSource("kernels")
    void setupNotebookFlagsAStockKernelWithoutTheKitsSettings(JupyterKernels.Kernel kernel) throws Exception {
        JupyterRuns.ensureInstalled(JupyterKernels.shared());
        Path setup = SmokeRuns.ROOT.resolve("notebooks/00-setup.ipynb");
        JupyterRuns.Execution stock = JupyterRuns.execute(setup, kernel.name(), Map.of("SMOKE", "true"), Duration.ofMinutes(5));
        assertTrue(stock.completed(), () -> tail(stock.log()));
        String verdict = ExecutedNotebook.read(stock.output()).cells().stream().map(ExecutedNotebook.Cell::text)
                .filter(t -> t.contains("Fix these") || t.contains("All checks passed")).findFirst().orElse("(no verdict)");
        assertTrue(verdict.contains("Fix these") && verdict.contains("./kit kernel install"), verdict);
    }

    static Stream<JupyterKernels.Kernel> kernels() {
        return JupyterKernels.shared().stream();
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }
}
