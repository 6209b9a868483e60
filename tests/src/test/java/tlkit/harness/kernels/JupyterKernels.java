package tlkit.harness.kernels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import tlkit.harness.notebooks.SmokeRuns;

/** The real Jupyter Java kernels the kit is tested with: the kernelspecs in {@code ../shared/kernels}. */
final class JupyterKernels {

    static final Path ROOT = SmokeRuns.ROOT;

    /** A kernelspec folder: kernel.json and the kernel's jars. */
    record Kernel(String name, Path dir, List<Path> jars) {
        @Override
        public String toString() {
            return name;
        }
    }

    private JupyterKernels() {}

    /** {@code -Dtlkit.kernels}, else env TLKIT_KERNELS, else {@code ../shared/kernels} beside the clone. */
    static Path folder() {
        String configured = System.getProperty("tlkit.kernels", System.getenv().getOrDefault("TLKIT_KERNELS", ""));
        return configured.isBlank() ? ROOT.resolveSibling("shared").resolve("kernels") : Path.of(configured);
    }

    static List<Kernel> shared() {
        Path folder = folder();
        if (!Files.isDirectory(folder)) {
            String message = "no Jupyter Java kernels at " + folder + " (set TLKIT_KERNELS to a folder of kernelspecs)";
            if ("required".equals(System.getenv("TLKIT_CONFORMANCE"))) {
                throw new IllegalStateException("TLKIT_CONFORMANCE=required but " + message);
            }
            System.out.println("skipped: " + message);
            Assumptions.abort("skipped: " + message);
        }
        try (Stream<Path> dirs = Files.list(folder)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kernel.json"))).sorted().map(JupyterKernels::kernel).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Kernel kernel(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return new Kernel(dir.getFileName().toString(), dir,
                    files.filter(f -> f.toString().endsWith(".jar")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
