package tlkit.harness.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Grades a folder of submissions one child JVM at a time, then writes the results table (CSV:
 * submission, points per test, total, notes) and one feedback file per submission. Everything is
 * written after the last child has been killed, through temp files and renames, so nothing a
 * submission wrote while it ran survives in those files.
 */
public final class Grader {

    private final Assignment assignment;
    private final SubmissionGrader grader;
    private final DataGuard data;
    private final Confinement confinement;
    private final JvmCommand jvm;

    /**
     * @param sandboxed run every submission in a {@link Sandbox} (throws, saying how to fix it, when
     *     bubblewrap is missing or refused); false: plain child processes ({@code --no-sandbox})
     */
    public Grader(Assignment assignment, Limits limits, boolean sandboxed) {
        this.assignment = assignment;
        this.data = new DataGuard(tlkit.data.Catalog.get());
        this.confinement = sandboxed ? Sandbox.detect(data.cacheDir()) : new Unconfined(data.cacheDir());
        this.jvm = JvmCommand.forKernel(limits, List.of(), ChildClasspath.ofThisJvm());
        this.grader = new SubmissionGrader(assignment, limits, confinement, jvm);
    }

    /** What the chosen confinement does not protect (empty in the sandbox). */
    public List<String> unprotected() {
        return confinement.unprotected();
    }

    /** Submission notebooks under {@code dir} (any depth), sorted. */
    public static List<Path> submissions(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ipynb"))
                    .filter(p -> !p.toString().contains(".ipynb_checkpoints")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list submissions in " + dir + ": " + e.getMessage(), e);
        }
    }

    public List<SubmissionResult> gradeAll(Path dir, Consumer<String> progress) {
        List<Path> files = submissions(dir);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No .ipynb submissions under " + dir);
        }
        if (confinement instanceof Sandbox) {
            prepareForSandboxes(progress);
        }
        List<String> before = data.checkAndRepair();
        if (!before.isEmpty()) {
            progress.accept("data cache repaired before grading: " + before);
        }
        List<SubmissionResult> results = new ArrayList<>();
        int i = 0;
        for (Path f : files) {
            i++;
            String name = dir.relativize(f).toString().replaceAll("\\.ipynb$", "");
            progress.accept(String.format(Locale.ROOT, "[%d/%d] %s ...", i, files.size(), name));
            SubmissionResult r = grader.grade(name, f);
            List<String> tampered = data.checkAndRepair();
            if (!tampered.isEmpty()) {
                List<String> notes = new ArrayList<>(r.notes());
                notes.add("changed the shared data cache (restored; review this submission by hand): " + tampered);
                r = new SubmissionResult(r.name(), r.points(), r.total(), List.copyOf(notes),
                        r.feedback() + " - changed the shared data cache: " + tampered + "\n", r.seconds());
            }
            results.add(r);
            progress.accept(String.format(Locale.ROOT, "[%d/%d] %s: %s/%s points (%.0f s)%s", i, files.size(), name,
                    SubmissionGrader.fmt(r.total()), SubmissionGrader.fmt(assignment.autoPoints()), r.seconds(),
                    r.notes().isEmpty() ? "" : "  [" + r.notes().size() + " note(s)]"));
        }
        return results;
    }

    /**
     * Sandboxes see the data cache and DJL's natives read-only: pull what the catalog can give and
     * unpack the engine now, so no submission has to (or can) write there.
     */
    private void prepareForSandboxes(Consumer<String> progress) {
        tlkit.data.Catalog catalog = tlkit.data.Catalog.get();
        for (String id : catalog.ids()) {
            if (!catalog.isPresent(id)) {
                try {
                    catalog.pull(id);
                } catch (RuntimeException e) {
                    progress.accept("note: data item '" + id + "' is not in the cache and could not be pulled ("
                            + e.getMessage().lines().findFirst().orElse("") + "); a submission that needs it will fail");
                }
            }
        }
        if (Files.isDirectory(Sandbox.djlCacheDir().resolve("pytorch"))) {
            return;
        }
        try {
            Process p = new ProcessBuilder(jvm.javaHome().resolve("bin/java").toString(), "-Dai.djl.offline=true",
                    "-cp", ChildClasspath.join(jvm.classpath()), EngineWarmUp.class.getName())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                progress.accept("note: could not unpack the PyTorch natives before grading: " + out.strip());
            }
        } catch (IOException e) {
            progress.accept("note: could not unpack the PyTorch natives before grading: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Table table(List<SubmissionResult> results) {
        Table t = Table.create(assignment.id() + " grades");
        t.addColumns(StringColumn.create("submission", results.stream().map(SubmissionResult::name).toList()));
        for (Assignment.TestCell test : assignment.tests()) {
            t.addColumns(DoubleColumn.create(test.gradeId(),
                    results.stream().mapToDouble(r -> r.points().get(test.gradeId())).toArray()));
        }
        t.addColumns(DoubleColumn.create("total", results.stream().mapToDouble(SubmissionResult::total).toArray()));
        t.addColumns(StringColumn.create("notes", results.stream().map(r -> String.join(" | ", r.notes())).toList()));
        return t;
    }

    /** Writes {@code csv} and {@code <csv folder>/feedback/<submission>.txt}. */
    public void write(List<SubmissionResult> results, Path csv) {
        try {
            Path dir = csv.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            for (SubmissionResult r : results) {
                Path fb = dir.resolve("feedback").resolve(r.name().replace('/', '_') + ".txt");
                writeAtomically(fb, r.feedback());
            }
            Path tmp = Files.createTempFile(dir, csv.getFileName().toString(), ".tmp");
            table(results).write().csv(tmp.toFile());
            Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the results to " + csv + ": " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
