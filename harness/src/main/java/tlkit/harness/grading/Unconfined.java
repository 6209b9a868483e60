package tlkit.harness.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code --no-sandbox}: the child runs as the grader's user in a temporary folder holding a copy of
 * the submission. Only the grader's own defences apply (see {@link #unprotected()}).
 */
final class Unconfined implements Confinement {

    private final Path dataCache;

    Unconfined(Path dataCache) {
        this.dataCache = dataCache;
    }

    @Override
    public Run start(JvmCommand jvm, Path submission, Limits limits) throws IOException {
        Path work = Files.createTempDirectory("tlkit-grade-");
        Files.copy(submission, work.resolve("submission.ipynb"));
        List<String> place = new ArrayList<>();
        place.add("-Dtlkit.cache=" + dataCache.toAbsolutePath());
        String mirror = System.getProperty("tlkit.mirror", System.getenv("TLKIT_MIRROR"));
        if (mirror != null && !mirror.isBlank()) {
            place.add("-Dtlkit.mirror=" + mirror);
        }
        ProcessBuilder pb = new ProcessBuilder(jvm.toList(place)).directory(work.toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().remove("TLKIT_ROOT");
        Process p = pb.start();
        return new Run() {
            @Override
            public Process process() {
                return p;
            }

            @Override
            public void cleanup() {
                deleteTree(work);
            }
        };
    }

    @Override
    public List<String> unprotected() {
        return List.of(
                "the kernel runs as your user: a submission can read, change or delete any file you can"
                        + " (the kit's jars, solutions/, classmates' submissions, the results, the data cache)",
                "a process it starts with setsid or a double fork outlives it and can act after the grader ends",
                "it has the network, sees every process of yours (/proc) and can attach to the JVMs of your user"
                        + " that allow it",
                "no limit on CPU time, processes or disk beyond the grader's heap, memory watch and timeouts");
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
