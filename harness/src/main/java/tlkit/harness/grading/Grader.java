package tlkit.harness.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Grades a folder of submissions one child JVM at a time (each in its {@link Confinement}), from
 * copies taken before the first one runs, then writes the results table (CSV: submission, points per
 * test, total, notes) and one feedback file per submission, through temp files and renames.
 */
public final class Grader {

    private final Assignment assignment;
    private final SubmissionGrader grader;
    private final DataGuard data;
    private final Confinement confinement;
    private final JvmCommand jvm;
    private final int jobs;
    private final HeldOutData heldOut;

    /**
     * @param sandboxed run every submission in a {@link Sandbox} (throws, saying how to fix it, when
     *     bubblewrap is missing or refused); false: plain child processes ({@code --no-sandbox})
     */
    public Grader(Assignment assignment, Limits limits, boolean sandboxed) {
        this(assignment, limits, sandboxed, 1);
    }

    /**
     * @param jobs submissions graded at the same time (each in its own sandbox); more than one needs
     *     the sandbox, since without it a change to the shared data could not be pinned on one submission
     */
    public Grader(Assignment assignment, Limits limits, boolean sandboxed, int jobs) {
        if (jobs < 1 || (jobs > 1 && !sandboxed)) {
            throw new IllegalArgumentException("--jobs " + jobs + ": use 1 or more, and more than 1 only with the sandbox");
        }
        this.jobs = jobs;
        this.assignment = assignment;
        this.data = new DataGuard(tlkit.data.Catalog.get());
        this.confinement = sandboxed ? Sandbox.detect(data.cacheDir()) : new Unconfined(data.cacheDir());
        this.jvm = JvmCommand.forKernel(limits, List.of(), ChildClasspath.ofThisJvm());
        this.heldOut = new HeldOutData(assignment.heldOut(), data.cacheDir());
        this.grader = new SubmissionGrader(assignment, limits, confinement, jvm, heldOut);
    }

    /** What the chosen confinement does not protect (empty in the sandbox). */
    public List<String> unprotected() {
        return confinement.unprotected();
    }

    public List<SubmissionResult> gradeAll(Path dir, Consumer<String> progress) {
        return gradeAll(dir, progress, soFar -> { });
    }

    /**
     * Snapshots every submission, then grades the copies one by one; {@code record} gets the results
     * so far after each grade is decided. A submission the grader cannot grade gets 0 and a note; the
     * others are unaffected.
     */
    public List<SubmissionResult> gradeAll(Path dir, Consumer<String> progress, Consumer<List<SubmissionResult>> record) {
        try (Snapshot snapshot = Snapshot.take(dir)) {
            if (confinement instanceof Sandbox sandbox) {
                prepareForSandboxes(progress);
                if (!heldOut.isEmpty()) {
                    Map<String, String> mirrorPaths = new java.util.HashMap<>();
                    heldOut.patterns().keySet().forEach(id -> mirrorPaths.put(id, tlkit.data.Catalog.get().item(id).mirrorPath()));
                    sandbox.studentViews(heldOut.views(), mirrorPaths);
                    progress.accept("held-out test data (absent from the sandboxes, given to the hidden tests only): "
                            + heldOut.files().size() + " files of " + heldOut.patterns().keySet());
                }
            }
            List<String> before = data.checkAndRepair();
            if (!before.isEmpty()) {
                progress.accept("data cache repaired before grading: " + before);
            }
            List<Snapshot.Entry> entries = snapshot.entries();
            SubmissionResult[] results = new SubmissionResult[entries.size()];
            ExecutorService pool = Executors.newFixedThreadPool(jobs);
            try {
                List<Future<?>> pending = new ArrayList<>();
                for (int i = 0; i < entries.size(); i++) {
                    int index = i;
                    pending.add(pool.submit(() -> gradeInto(results, index, entries, progress, record)));
                }
                for (Future<?> f : pending) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("grading interrupted; the grades so far are in the results table", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("grader error: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
                heldOut.close();
            }
            return List.of(results);
        }
    }

    private void gradeInto(SubmissionResult[] results, int i, List<Snapshot.Entry> entries, Consumer<String> progress,
            Consumer<List<SubmissionResult>> record) {
        Snapshot.Entry e = entries.get(i);
        String shown = Escapes.visible(e.name(), false);
        synchronized (results) {
            progress.accept(String.format(Locale.ROOT, "[%d/%d] %s ...", i + 1, entries.size(), shown));
        }
        SubmissionResult r = gradeOne(e);
        synchronized (results) {
            results[i] = r;
            record.accept(java.util.Arrays.stream(results).filter(java.util.Objects::nonNull).toList());
            progress.accept(String.format(Locale.ROOT, "[%d/%d] %s: %s/%s points (%.0f s)%s", i + 1, entries.size(),
                    shown, SubmissionGrader.fmt(r.total()), SubmissionGrader.fmt(assignment.autoPoints()), r.seconds(),
                    r.notes().isEmpty() ? "" : "  [" + r.notes().size() + " note(s)]"));
        }
    }

    private SubmissionResult gradeOne(Snapshot.Entry e) {
        if (e.rejected() != null) {
            return grader.failed(e.name(), e.rejected());
        }
        SubmissionResult r;
        try {
            r = grader.grade(e.name(), e.copy());
        } catch (RuntimeException ex) {
            return grader.failed(e.name(), "grader error (grade this submission by hand): " + ex);
        }
        List<String> tampered;
        try {
            synchronized (data) {
                tampered = data.checkAndRepair();
            }
        } catch (RuntimeException ex) {
            tampered = List.of(ex.getMessage());
        }
        if (tampered.isEmpty()) {
            return r;
        }
        List<String> notes = new ArrayList<>(r.notes());
        notes.add("the shared data cache changed during this submission (restored; review it by hand): " + tampered);
        return new SubmissionResult(r.name(), r.points(), r.total(), List.copyOf(notes),
                r.feedback() + " - the shared data cache changed: " + tampered + "\n", r.seconds());
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
        t.addColumns(StringColumn.create("submission", results.stream().map(r -> Escapes.visible(r.name(), false)).toList()));
        for (Assignment.TestCell test : assignment.tests()) {
            t.addColumns(DoubleColumn.create(test.gradeId(),
                    results.stream().mapToDouble(r -> r.points().get(test.gradeId())).toArray()));
        }
        t.addColumns(DoubleColumn.create("total", results.stream().mapToDouble(SubmissionResult::total).toArray()));
        t.addColumns(StringColumn.create("notes", results.stream().map(r -> Escapes.visible(String.join(" | ", r.notes()), false)).toList()));
        return t;
    }

    /**
     * Writes {@code csv} and {@code <csv folder>/feedback/<name>.txt}, where name is the submission's
     * name with {@code /}, {@code %} and other unsafe characters as {@code %XX} ({@code a/x} becomes
     * {@code a%2Fx}), each through a temp file and a rename.
     */
    public void write(List<SubmissionResult> results, Path csv) {
        try {
            Path dir = csv.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            for (SubmissionResult r : results) {
                Path fb = dir.resolve("feedback").resolve(Escapes.fileName(r.name()) + ".txt");
                writeAtomically(fb, Escapes.visible(r.feedback(), true));
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
