package tlkit.harness.grading;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tlkit.grading.Recorder;
import tlkit.harness.notebook.Cell;
import tlkit.harness.notebook.Notebook;

/**
 * Grades one submission: the student's code cells run in a fresh child JVM (errors allowed, each
 * cell time-limited), then the instructor's test cells run in the same session, each wrapped so that
 * its score comes back as a line authenticated with a key that exists only in that wrapped cell.
 *
 * <p>When the child dies or hangs in a cell (System.exit without the guard, memory limit, a loop
 * that ignores being stopped), the grader starts a new child and replays the submission without that
 * cell, so the tasks that do work still earn their points.
 */
public final class SubmissionGrader {

    private static final int MAX_STARTS = 3;
    private static final boolean TRACE = Boolean.getBoolean("tlkit.grade.trace");


    private final Assignment assignment;
    private final Limits limits;
    private final Confinement confinement;
    private final JvmCommand jvm;
    private final SecureRandom random = new SecureRandom();

    private final HeldOutData heldOut;

    SubmissionGrader(Assignment assignment, Limits limits, Confinement confinement, JvmCommand jvm, HeldOutData heldOut) {
        this.heldOut = heldOut;
        this.assignment = assignment;
        this.limits = limits;
        this.confinement = confinement;
        this.jvm = jvm;
    }

    public SubmissionResult grade(String name, Path notebookFile) {
        long start = System.nanoTime();
        List<String> notes = new ArrayList<>();
        Map<String, Double> points = new LinkedHashMap<>();
        Map<String, String> testOutput = new HashMap<>();
        assignment.tests().forEach(t -> points.put(t.gradeId(), 0.0));
        List<RunCell> studentCells;
        try {
            studentCells = studentCells(Notebook.read(notebookFile));
        } catch (IOException | RuntimeException e) {
            notes.add("could not read the notebook: " + e.getMessage());
            return finish(name, points, notes, testOutput, start);
        }
        try {
            run(studentCells, notebookFile, points, testOutput, notes, start);
        } catch (IOException | InterruptedException e) {
            notes.add("grader error: " + e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        return finish(name, points, notes, testOutput, start);
    }

    /** A 0-point result for a submission that could not be graded, saying why. */
    SubmissionResult failed(String name, String note) {
        Map<String, Double> points = new LinkedHashMap<>();
        assignment.tests().forEach(t -> points.put(t.gradeId(), 0.0));
        return finish(name, points, new ArrayList<>(List.of(note)), Map.of(), System.nanoTime());
    }

    /** A code cell of the submission as it runs: the student's source, or the instructor's for a given cell. */
    record RunCell(String source, boolean instructor) {
    }

    private List<RunCell> studentCells(Notebook nb) {
        Set<String> testIds = new HashSet<>();
        assignment.tests().forEach(t -> testIds.add(t.gradeId()));
        List<RunCell> cells = new ArrayList<>();
        for (Cell c : nb.cells()) {
            if (c.isCode() && (c.gradeId() == null || !testIds.contains(c.gradeId()))) {
                boolean given = c.gradeId() != null && assignment.lockedCells().containsKey(c.gradeId());
                cells.add(given ? new RunCell(assignment.lockedCells().get(c.gradeId()), true) : new RunCell(c.source(), false));
            }
        }
        return cells;
    }

    private void run(List<RunCell> studentCells, Path submission, Map<String, Double> points, Map<String, String> testOutput,
            List<String> notes, long start) throws IOException, InterruptedException {
        String nonce = hex(12);
        Map<String, String> keys = new HashMap<>();
        assignment.tests().forEach(t -> keys.put(t.gradeId(), hex(32)));
        Set<Integer> fatal = new HashSet<>();
        Set<String> done = new HashSet<>();
        long deadline = start + limits.total().toNanos();
        for (int attempt = 1; attempt <= MAX_STARTS; attempt++) {
            if (attempt > 1) {
                notes.add("restarted the kernel without the cell(s) that ended it (attempt " + attempt + ")");
            }
            try (ChildKernel child = new ChildKernel(confinement, jvm, submission, limits)) {
                JsonObject ready = child.receive(Math.min(120_000, remainingMs(deadline)));
                if (ready == null || ready == ChildKernel.DEAD) {
                    notes.add("the grading kernel did not start: " + (child.killedBecause() != null
                            ? "it " + child.killedBecause() : child.stderrTail().strip()));
                    return;
                }
                int failedAt = -1;
                for (int i = 0; i < studentCells.size() && failedAt < 0; i++) {
                    if (fatal.contains(i)) {
                        continue;
                    }
                    JsonObject message = cell(i, studentCells.get(i).source());
                    message.addProperty("instructor", studentCells.get(i).instructor());
                    JsonObject r = exchange(child, message, deadline);
                    if (r == null || r == ChildKernel.DEAD) {
                        failedAt = i;
                        notes.add("student cell " + (i + 1) + " " + death(child, r) + "; skipped from now on");
                    } else if (attempt == 1 && !"ok".equals(r.get("status").getAsString())) {
                        notes.add("student cell " + (i + 1) + ": " + r.get("status").getAsString() + ": "
                                + clip(r.get("error").getAsString(), 400));
                    }
                    if (remainingMs(deadline) <= 0) {
                        notes.add("time limit of " + limits.total().toSeconds() + " s reached in the student's cells");
                        return;
                    }
                }
                if (failedAt >= 0) {
                    fatal.add(failedAt);
                    continue;
                }
                JsonObject lock = new JsonObject();
                lock.addProperty("op", "lock");
                child.send(lock);
                JsonObject locked = child.receive(Math.min(60_000, remainingMs(deadline)));
                if (locked == null || locked == ChildKernel.DEAD) {
                    notes.add("the kernel did not answer after the student's cells: " + death(child, locked));
                    return;
                }
                if (attempt == 1) {
                    describeLock(locked, notes);
                }
                if (!locked.getAsJsonArray("unstoppable").isEmpty()) {
                    notes.add("threads of the notebook could not be stopped before the tests, so the tests could not"
                            + " run safely; the submission gets 0 (end your threads and executors): "
                            + locked.getAsJsonArray("unstoppable"));
                    return;
                }
                if (!heldOut.isEmpty() && !deliverHeldOut(child, deadline, notes)) {
                    return;
                }
                boolean died = false;
                for (int t = 0; t < assignment.tests().size() && !died; t++) {
                    Assignment.TestCell test = assignment.tests().get(t);
                    int index = studentCells.size() + t;
                    if (done.contains(test.gradeId()) || fatal.contains(index)) {
                        continue;
                    }
                    String source = wrap(test, nonce, keys.get(test.gradeId()));
                    JsonObject r = exchange(child, cell(index, source), deadline);
                    if (r == null || r == ChildKernel.DEAD) {
                        notes.add("test " + test.gradeId() + " " + death(child, r));
                        fatal.add(index);
                        died = true;
                        continue;
                    }
                    done.add(test.gradeId());
                    String output = r.get("output").getAsString();
                    points.put(test.gradeId(), score(test, output, nonce, keys.get(test.gradeId())));
                    testOutput.put(test.gradeId(), feedbackText(output, r));
                    if (remainingMs(deadline) <= 0) {
                        notes.add("time limit of " + limits.total().toSeconds() + " s reached in the tests");
                        return;
                    }
                }
                if (!died) {
                    JsonObject bye = new JsonObject();
                    bye.addProperty("op", "bye");
                    child.send(bye);
                    return;
                }
            }
        }
        notes.add("gave up after " + MAX_STARTS + " kernel starts");
    }

    /**
     * Sends the held-out test files into the kernel, now that no student code runs any more: one
     * encrypted message per file, then "heldout-end", answered once the kernel has written them all
     * (into a fresh folder of its /tmp, named by the property the hidden tests read).
     */
    private boolean deliverHeldOut(ChildKernel child, long deadline, List<String> notes) throws IOException, InterruptedException {
        int n = 0;
        try {
            for (HeldOutData.HeldOutFile f : heldOut.files()) {
                JsonObject m = new JsonObject();
                m.addProperty("op", "heldout");
                m.addProperty("item", f.item());
                m.addProperty("path", f.path());
                m.addProperty("data", java.util.Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(f.host())));
                child.send(m);
                n++;
            }
            JsonObject end = new JsonObject();
            end.addProperty("op", "heldout-end");
            child.send(end);
        } catch (IOException e) {
            notes.add("the kernel did not take the held-out test data (" + e.getMessage() + "); the hidden tests could not run");
            return false;
        }
        JsonObject r = child.receive(Math.min(120_000, remainingMs(deadline)));
        if (r == null || r == ChildKernel.DEAD || !"heldout-ready".equals(r.get("op").getAsString())
                || r.get("files").getAsInt() != n) {
            notes.add("the kernel did not store the held-out test data" + (r != null && r.has("error")
                    ? " (" + clip(r.get("error").getAsString(), 300) + ")" : "") + "; the hidden tests could not run");
            return false;
        }
        return true;
    }

    private JsonObject exchange(ChildKernel child, JsonObject cell, long deadline) throws IOException, InterruptedException {
        try {
            child.send(cell);
        } catch (IOException e) {
            return ChildKernel.DEAD;
        }
        long grace = Math.min(30_000, 5_000 + limits.cellTimeout().toMillis() / 4);
        long wait = Math.min(limits.cellTimeout().toMillis() + grace, remainingMs(deadline));
        JsonObject r = child.receive(wait);
        if (TRACE && r != null && r.has("millis")) {
            System.out.println("  cell " + cell.get("index").getAsInt() + ": " + r.get("status").getAsString() + " in "
                    + r.get("millis").getAsLong() + " ms");
        }
        if (r == null) {
            child.kill();
        }
        return r;
    }

    private static String death(ChildKernel child, JsonObject r) throws InterruptedException {
        if (r == null) {
            return "did not finish and could not be stopped (killed)";
        }
        if (child.killedBecause() != null) {
            return "was killed: it " + child.killedBecause();
        }
        Thread.sleep(200);
        Integer code = child.exitCode();
        return "ended the kernel (exit code " + code + ")"
                + (child.stderrTail().contains("OutOfMemoryError") ? ", out of memory" : "");
    }

    private JsonObject cell(int index, String source) {
        JsonObject m = new JsonObject();
        m.addProperty("op", "cell");
        m.addProperty("index", index);
        m.addProperty("source", source);
        m.addProperty("timeoutMs", limits.cellTimeout().toMillis());
        return m;
    }

    /**
     * The instructor's test source, run as one block (its variables stay local, out of reach of the
     * student's code), with the check classes verified before the cell's key is ever used.
     */
    static String wrap(Assignment.TestCell test, String nonce, String key) {
        return "{\n"
                + "final java.io.PrintStream tlkitOut$ = java.lang.System.out;\n"
                + "if (tlkit.grading.Recorder.class.getClassLoader() != java.lang.ClassLoader.getSystemClassLoader()\n"
                + "    || tlkit.grading.Checks.class.getClassLoader() != java.lang.ClassLoader.getSystemClassLoader())\n"
                + "  throw new java.lang.IllegalStateException(\"the check classes do not come from the kit jar\");\n"
                + "final tlkit.grading.Recorder tlkitRec$ = tlkit.grading.Recorder.open(\"" + test.gradeId() + "\", "
                + test.points() + ");\n"
                + "try {\n"
                + test.source() + "\n"
                + "} catch (java.lang.Throwable tlkitErr$) {\n"
                + "  tlkitOut$.println(\"[FAIL] the test cell stopped early: \" + tlkitErr$);\n"
                + "}\n"
                + "tlkitOut$.println();\n"
                + "tlkitOut$.println(tlkitRec$.seal(\"" + nonce + "\", \"" + key + "\"));\n"
                + "}\n";
    }

    /**
     * Points from the authenticated score lines of this cell's output: the lowest one (a forged line
     * can only lower a score), 0 when there is none.
     */
    static double score(Assignment.TestCell test, String output, String nonce, String key) {
        double best = Double.NaN;
        for (String line : output.split("\n")) {
            int at = line.indexOf(Recorder.RESULT_PREFIX);
            if (at < 0) {
                continue;
            }
            String[] f = line.substring(at + Recorder.RESULT_PREFIX.length()).strip().split(" ");
            if (f.length != 5 || !f[0].equals(nonce) || !f[1].equals(test.gradeId())) {
                continue;
            }
            String body = f[0] + " " + f[1] + " " + f[2] + " " + f[3];
            if (!java.security.MessageDigest.isEqual(Recorder.mac(key, body).getBytes(), f[4].getBytes())) {
                continue;
            }
            double p;
            try {
                p = Double.parseDouble(f[2]);
            } catch (NumberFormatException e) {
                continue;
            }
            p = Math.max(0, Math.min(test.points(), p));
            best = Double.isNaN(best) ? p : Math.min(best, p);
        }
        return Double.isNaN(best) ? 0 : best;
    }

    private static String feedbackText(String output, JsonObject r) {
        StringBuilder b = new StringBuilder();
        for (String line : output.split("\n")) {
            if (!line.contains(Recorder.RESULT_PREFIX)) {
                b.append(line).append('\n');
            }
        }
        String status = r.get("status").getAsString();
        if (!"ok".equals(status)) {
            b.append("(test cell ").append(status).append(": ").append(clip(r.get("error").getAsString(), 400)).append(")\n");
        }
        return b.toString().strip();
    }

    private static void describeLock(JsonObject locked, List<String> notes) {
        JsonArray threads = locked.getAsJsonArray("stoppedThreads");
        if (!threads.isEmpty()) {
            notes.add("threads left running by the notebook were stopped before the tests: " + threads);
        }
        JsonArray restored = locked.getAsJsonArray("restored");
        if (!restored.isEmpty()) {
            notes.add("given cells run again before the tests, because the notebook " + restored);
        }
        JsonArray dropped = locked.getAsJsonArray("dropped");
        if (!dropped.isEmpty()) {
            notes.add("removed before the tests because they hide the packages the tests use: " + dropped);
        }
    }

    private SubmissionResult finish(String name, Map<String, Double> points, List<String> notes,
            Map<String, String> testOutput, long start) {
        double total = points.values().stream().mapToDouble(Double::doubleValue).sum();
        double seconds = (System.nanoTime() - start) / 1e9;
        StringBuilder fb = new StringBuilder();
        fb.append("Feedback for ").append(name).append(" on ").append(assignment.id()).append('\n');
        fb.append(String.format(Locale.ROOT, "Autograded score: %s / %s%n%n", fmt(total), fmt(assignment.autoPoints())));
        for (Assignment.TestCell t : assignment.tests()) {
            fb.append("== ").append(t.gradeId()).append(": ").append(fmt(points.get(t.gradeId()))).append(" / ")
                    .append(fmt(t.points())).append('\n');
            fb.append(testOutput.getOrDefault(t.gradeId(), "(not run)")).append("\n\n");
        }
        for (Assignment.ManualTask m : assignment.manual()) {
            fb.append("== ").append(m.gradeId()).append(": graded by hand (").append(fmt(m.points())).append(" points)\n\n");
        }
        if (!notes.isEmpty()) {
            fb.append("Notes from the grader:\n");
            notes.forEach(n -> fb.append(" - ").append(n).append('\n'));
        }
        return new SubmissionResult(name, points, total, List.copyOf(notes), fb.toString(), seconds);
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String clip(String s, int n) {
        s = s.strip();
        return s.length() > n ? s.substring(0, n) + " ..." : s;
    }

    private static long remainingMs(long deadlineNanos) {
        return (deadlineNanos - System.nanoTime()) / 1_000_000;
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }
}
