package tlkit.harness.grading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./kit grade DIR --assignment hwN [--out grades.csv] [--memory MB] [--cell-timeout S]
 * [--timeout S] [--jobs N] [--no-sandbox]}: grades every notebook under DIR against REPO/solutions/homework/hwN-*.ipynb.
 */
public final class GradeMain {

    private GradeMain() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.out.println("grade: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) {
        Path dir = null;
        String assignment = null;
        Path out = null;
        Limits d = Limits.defaults();
        int heap = d.heapMb();
        Integer resident = null;
        Duration cell = d.cellTimeout();
        Duration total = d.total();
        boolean sandboxed = true;
        int jobs = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--assignment" -> assignment = value(args, ++i);
                case "--out" -> out = Path.of(value(args, ++i));
                case "--memory" -> heap = Integer.parseInt(value(args, ++i));
                case "--cell-timeout" -> cell = Duration.ofSeconds(Long.parseLong(value(args, ++i)));
                case "--timeout" -> total = Duration.ofSeconds(Long.parseLong(value(args, ++i)));
                case "--no-sandbox" -> sandboxed = false;
                case "--jobs" -> jobs = Integer.parseInt(value(args, ++i));
                default -> {
                    if (args[i].startsWith("--") || dir != null) {
                        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'\n" + usage());
                    }
                    dir = Path.of(args[i]);
                }
            }
        }
        if (dir == null || assignment == null) {
            throw new IllegalArgumentException(usage());
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no folder " + dir);
        }
        if (out == null) {
            out = Path.of("grades", assignment + "-grades.csv");
        }
        Limits limits = new Limits(heap, resident == null ? heap * 2 + 2048 : resident, cell, total);
        Assignment a = Assignment.find(repoRoot(), assignment);
        System.out.println("grading " + dir + " against " + a.solution() + " (" + a.tests().size() + " test cells, "
                + SubmissionGrader.fmt(a.autoPoints()) + " points; " + a.manual().size() + " answer(s) graded by hand)");
        Grader g;
        try {
            g = new Grader(a, limits, sandboxed, jobs);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("no sandbox: " + e.getMessage()
                    + ".\nGrading without one lets a submission change the kit, the solutions, classmates' files and"
                    + " the results; if you accept that, run again with --no-sandbox.");
        }
        if (Runtime.version().feature() >= 20) {
            System.out.println("note: Java " + Runtime.version().feature() + " cannot stop a thread that ignores interrupts"
                    + " (Thread.stop is gone): such a cell ends the kernel and is dropped, such a background thread fails"
                    + " its submission. Java 17 (tested) to 19 stop them; see docs/instructors.md.");
        }
        if (!g.unprotected().isEmpty()) {
            System.out.println(sandboxed ? "note: the sandbox here does not limit everything:"
                    : "WARNING: --no-sandbox: not protected:");
            g.unprotected().forEach(u -> System.out.println("  - " + u));
        }
        Path csv = out;
        List<SubmissionResult> results = g.gradeAll(dir, System.out::println, soFar -> g.write(soFar, csv));
        g.write(results, out);
        System.out.println("wrote " + out + " and " + out.toAbsolutePath().getParent().resolve("feedback") + "/");
        return 0;
    }

    /** The repository root: {@code -Dtlkit.root}, else two folders above the harness jar, else the working folder. */
    static Path repoRoot() {
        String prop = System.getProperty("tlkit.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        try {
            Path jar = Path.of(GradeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent().getParent().getParent();
            if (Files.isDirectory(root.resolve("solutions/homework"))) {
                return root;
            }
        } catch (Exception ignored) {
            // fall back to the working folder
        }
        return Path.of("").toAbsolutePath();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value after " + args[i - 1] + "\n" + usage());
        }
        return args[i];
    }

    private static String usage() {
        return "usage: ./kit grade SUBMISSIONS_DIR --assignment hwN [--out grades.csv] [--memory HEAP_MB]"
                + " [--cell-timeout S] [--timeout S] [--jobs N] [--no-sandbox]";
    }
}
