package tlkit.harness.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tlkit.harness.notebook.Notebook;
import tlkit.harness.release.Release;

/**
 * Grades the solution, the blank student version and one submission per attack together, in one
 * run, and checks that each gets exactly the points it earned. Built on a tiny two-task assignment
 * (plain Java, no model) so the whole run takes seconds; {@code HomeworkGradingTest} grades the real
 * homework.
 */
class GraderAttacksTest {

    @TempDir
    static Path tmp;

    static Assignment assignment;
    static Map<String, SubmissionResult> results;
    static Path csv;
    static Path stolen;
    static long survivors;
    static List<String> changedOutside;
    static int count;

    static final Path ROOT = Path.of(System.getProperty("tlkit.root", "..")).toAbsolutePath().normalize();
    static final String SETSID_TOKEN = "tlkit-setsid-attack-" + ProcessHandle.current().pid();

    /** Files a submission must not change: the submissions, the solutions, the kit, the data cache. */
    static List<Path> outsideTheSandbox(Path subs) throws Exception {
        return List.of(subs, tmp.resolve("solutions"), ROOT.resolve("solutions"), ROOT.resolve("notebooks/homework"),
                Path.of(tlkit.grading.Checks.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                tlkit.data.Catalog.get().cacheDir());
    }

    @BeforeAll
    static void gradeEverything() throws Exception {
        Path solutionFile = tmp.resolve("solutions/hw0-tiny.ipynb");
        Files.createDirectories(solutionFile.getParent());
        Files.copy(GraderAttacksTest.class.getResourceAsStream("hw0-tiny.ipynb"), solutionFile);
        assignment = Assignment.fromNotebook("hw0", solutionFile);
        Notebook solution = Notebook.read(solutionFile);
        Notebook blank = Release.studentVersion(solution, "hw0-tiny.ipynb");
        Path subs = tmp.resolve("submissions");
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        csv = out.resolve("grades.csv");
        stolen = tmp.resolve("stolen.txt");

        solution.write(subs.resolve("solution.ipynb"));
        blank.write(subs.resolve("blank.ipynb"));
        SubmissionBuilder.withCellAfterImports(solution, "throw new IllegalStateException(\"boom\");")
                .write(subs.resolve("throws-then-solves.ipynb"));
        SubmissionBuilder.withCellAfterImports(blank, "Object o = null; o.toString();")
                .write(subs.resolve("throws-blank.ipynb"));
        SubmissionBuilder.withCellAfterImports(solution, "while (true) { }")
                .write(subs.resolve("loops.ipynb"));
        SubmissionBuilder.withCellAfterImports(solution, """
                while (true) { try { while (true) { } } catch (Throwable stopRequest) { } }
                """).write(subs.resolve("loops-ignoring-stop.ipynb"));
        SubmissionBuilder.withCellAfterImports(solution, """
                List<long[]> hog = new ArrayList<>();
                while (true) hog.add(new long[10_000_000]);
                """).write(subs.resolve("heap-oom.ipynb"));
        SubmissionBuilder.withCellAfterImports(solution, """
                // native memory outside the Java heap, as tensors use: only the resident-memory watch stops it
                var f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                var unsafe = (sun.misc.Unsafe) f.get(null);
                for (int i = 0; i < 64; i++) {
                    long a = unsafe.allocateMemory(64L << 20);
                    unsafe.setMemory(a, 64L << 20, (byte) 1);
                }
                """).write(subs.resolve("native-memory-hog.ipynb"));
        SubmissionBuilder.withCellAfterImports(solution, "System.exit(3);")
                .write(subs.resolve("exit-then-solves.ipynb"));
        SubmissionBuilder.withCellAfterImports(blank, "Runtime.getRuntime().halt(0);")
                .write(subs.resolve("halt-blank.ipynb"));
        String fake = "TLKIT-RESULT 000000000000000000000000 square 2.0000 2.0000 " + "ab".repeat(32);
        SubmissionBuilder.withCellAfterImports(blank, """
                System.out.println("%1$s");
                System.out.println("==> square: 2/2 points");
                var forger = new Thread(() -> {
                    var raw = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
                    while (true) {
                        System.out.println("%1$s");
                        raw.println("%1$s");
                        try { Thread.sleep(5); } catch (InterruptedException e) { }
                    }
                });
                forger.setDaemon(true);
                forger.start();
                """.formatted(fake)).write(subs.resolve("fake-score-lines.ipynb"));
        SubmissionBuilder.withCellAfterImports(blank, """
                class tlkit {
                    static class grading {
                        static class Recorder {
                            static Recorder open(String id, double max) { return new Recorder(); }
                            String seal(String nonce, String key) {
                                return "TLKIT-RESULT " + nonce + " square 2.0000 2.0000 " + "00".repeat(32);
                            }
                        }
                        static class Checks {
                            static Object task(String id, double pts) { return null; }
                        }
                    }
                }
                class Checks {
                    static tlkit.grading.Task task(String id, double pts) { return null; }
                }
                """).write(subs.resolve("redefines-check-classes.ipynb"));
        SubmissionBuilder.withCellAfterImports(blank, """
                String fakeCsv = "submission,square,mean,total,notes\\nresults-writer,2.0,3.0,5.0,\\n";
                java.nio.file.Files.writeString(java.nio.file.Path.of("%1$s"), fakeCsv);
                java.nio.file.Files.createDirectories(java.nio.file.Path.of("%2$s"));
                java.nio.file.Files.writeString(java.nio.file.Path.of("%2$s", "results-writer.txt"), "5/5");
                var rewriter = new Thread(() -> {
                    while (true) {
                        try { java.nio.file.Files.writeString(java.nio.file.Path.of("%1$s"), fakeCsv); Thread.sleep(20); }
                        catch (Exception e) { }
                    }
                });
                rewriter.setDaemon(true);
                rewriter.start();
                """.formatted(csv, out.resolve("feedback"))).write(subs.resolve("results-writer.ipynb"));
        SubmissionBuilder.withCellAfterImports(blank, """
                String hidden = "";
                for (var p : List.of(java.nio.file.Path.of("%1$s"), java.nio.file.Path.of("../../solutions/homework/hw0-tiny.ipynb"))) {
                    try { hidden = java.nio.file.Files.readString(p); break; } catch (Exception e) { }
                }
                java.nio.file.Files.writeString(java.nio.file.Path.of("%2$s"), hidden);
                // replay every hidden check line it found, then print score lines for them
                for (String line : hidden.split("\\n")) {
                    if (line.contains("BEGIN HIDDEN TESTS")) System.out.println("TLKIT-RESULT x square 2.0000 2.0000 " + "11".repeat(32));
                }
                """.formatted(solutionFile, stolen)).write(subs.resolve("reads-hidden-tests.ipynb"));

        SubmissionBuilder.withCellAfterImports(blank, """
                // plant a file in the shared course-data cache (it could as well edit held-out images)
                java.nio.file.Files.writeString(tlkit.data.Catalog.get().path("sms-spam").resolve("planted.txt"), "x");
                """).write(subs.resolve("cache-tamperer.ipynb"));

        // --- shadowing: names the tests read keep the instructor's meaning ---
        Notebook wrongSquare = SubmissionBuilder.withCellReplaced(blank, "square_impl",
                "int square(int x) { return x == 3 ? 9 : x == 5 ? 25 : 0; }");
        wrongSquare.write(subs.resolve("honest-wrong-square.ipynb"));
        SubmissionBuilder.withCellAtEnd(wrongSquare, "int HIDDEN_INPUT = 5;")
                .write(subs.resolve("shadows-variable-redeclared.ipynb"));
        SubmissionBuilder.withCellAtEnd(wrongSquare, "HIDDEN_INPUT = 5;")
                .write(subs.resolve("shadows-variable-assigned.ipynb"));
        Notebook firstValueMean = SubmissionBuilder.withCellReplaced(blank, "mean_impl",
                "double mean(double[] xs) { return xs[0]; }");
        SubmissionBuilder.withCellAtEnd(firstValueMean, "double tolerance() { return 100; }")
                .write(subs.resolve("shadows-method.ipynb"));
        String cheat = """
                class Cheat {
                    final tlkit.grading.Task real;
                    Cheat(tlkit.grading.Task real) { this.real = real; }
                    Cheat equal(String n, double p, Object e, java.util.concurrent.Callable<?> a, String h) { real.check(n, p, () -> true, h); return this; }
                    Cheat close(String n, double p, double e, java.util.function.DoubleSupplier a, double tol, String h) { real.check(n, p, () -> true, h); return this; }
                    double done() { return real.done(); }
                }
                class CheatFactory { Cheat task(String id, double pts) { return new Cheat(tlkit.grading.Checks.task(id, pts)); } }
                """;
        SubmissionBuilder.withCellAtEnd(blank, cheat
                + "class Checks { static Cheat task(String id, double pts) { return new CheatFactory().task(id, pts); } }")
                .write(subs.resolve("shadows-checks-class.ipynb"));
        SubmissionBuilder.withCellAtEnd(blank, cheat + "CheatFactory Checks = new CheatFactory();")
                .write(subs.resolve("shadows-checks-with-variable.ipynb"));

        // --- student threads racing the recorder during the tests ---
        String claimRecorders = """
                for (String id : List.of("square", "mean")) {
                    tlkit.grading.Checks.task(id, 5).check("raced", 5, () -> true, "");
                }
                """;
        SubmissionBuilder.withCellAtEnd(blank, "ForkJoinPool.commonPool().execute(() -> { while (true) { "
                + claimRecorders + " } });").write(subs.resolve("race-common-pool.ipynb"));
        SubmissionBuilder.withCellAtEnd(blank, "ForkJoinPool.commonPool().execute(() -> { while (true) { try { "
                + claimRecorders + " } catch (Throwable stop) { } } });").write(subs.resolve("race-common-pool-ignoring-stop.ipynb"));
        SubmissionBuilder.withCellAtEnd(blank, "new java.util.Timer(true).scheduleAtFixedRate(new TimerTask() { public void run() { "
                + claimRecorders + " } }, 0, 1);").write(subs.resolve("race-timer.ipynb"));
        SubmissionBuilder.withCellAtEnd(blank, "Executors.newScheduledThreadPool(1).scheduleAtFixedRate(() -> { "
                + claimRecorders + " }, 0, 1, TimeUnit.MILLISECONDS);").write(subs.resolve("race-executor.ipynb"));
        SubmissionBuilder.withCellAtEnd(solution, "var pool = Executors.newFixedThreadPool(2); pool.submit(() -> 1);")
                .write(subs.resolve("solution-leaving-an-idle-executor.ipynb"));

        // --- reaching outside the sandbox ---
        SubmissionBuilder.withCellAtEnd(blank, setsidRewriter(csv, SETSID_TOKEN))
                .write(subs.resolve("setsid-rewrites-results-later.ipynb"));
        SubmissionBuilder.withCellAtEnd(blank, """
                var seen = ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid()).toList();
                int attached = 0;
                for (var p : seen) {
                    try {
                        Class.forName("com.sun.tools.attach.VirtualMachine").getMethod("attach", String.class)
                                .invoke(null, String.valueOf(p.pid()));
                        attached++;
                    } catch (Throwable e) { }
                }
                throw new IllegalStateException("attached to " + attached + " JVMs; saw " + seen.size() + " other processes");
                """).write(subs.resolve("attaches-to-the-grader.ipynb"));
        Path kitCode = Path.of(tlkit.grading.Checks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        SubmissionBuilder.withCellAtEnd(blank, """
                int refused = 0, tried = 0;
                var targets = new ArrayList<java.nio.file.Path>(List.of(java.nio.file.Path.of("%1$s"), java.nio.file.Path.of("%2$s")));
                try (var s = java.nio.file.Files.list(java.nio.file.Path.of("%3$s"))) { s.forEach(targets::add); } catch (Exception e) { }
                for (var p : targets) {
                    tried++;
                    try {
                        var f = java.nio.file.Files.isDirectory(p) ? p.resolve("tlkit/grading/Checks.class") : p;
                        java.nio.file.Files.writeString(f, "{}");
                    } catch (Exception e) { refused++; }
                }
                throw new IllegalStateException("refused " + refused + " of " + tried + " writes");
                """.formatted(kitCode, solutionFile, ROOT.resolve("solutions/homework")))
                .write(subs.resolve("rewrites-kit-and-solutions.ipynb"));
        SubmissionBuilder.withCellAtEnd(blank, classmateOverwriter(subs)).write(subs.resolve("overwrites-classmates.ipynb"));
        SubmissionBuilder.withCellAtEnd(blank, """
                int refused = 0;
                try (var s = java.nio.file.Files.walk(tlkit.data.Catalog.get().path("kws-dscnn"))) {
                    for (var p : s.filter(java.nio.file.Files::isRegularFile).toList()) {
                        try { java.nio.file.Files.write(p, new byte[(int) java.nio.file.Files.size(p)]); } catch (Exception e) { refused++; }
                    }
                }
                throw new IllegalStateException("refused " + refused + " writes into the data cache");
                """).write(subs.resolve("zeroes-cached-weights.ipynb"));

        SubmissionBuilder.withCellAtEnd(blank, """
                for (int i = 0; i < 3000; i++) {
                    Thread sleeper = new Thread(() -> { try { Thread.sleep(600_000); } catch (InterruptedException e) { } });
                    sleeper.setDaemon(true);
                    sleeper.start();
                }
                """).write(subs.resolve("starts-3000-threads.ipynb"));

        SubmissionBuilder.withCellAfterImports(solution, """
                // files in the sandbox's tmpfs scratch are memory too: fill every writable place
                byte[] mb = new byte[1 << 20];
                for (String dir : List.of("/tmp", System.getProperty("user.home"), "/tlkit/data", "/tlkit/djl")) {
                    try (var out = java.nio.file.Files.newOutputStream(java.nio.file.Path.of(dir, "fill"))) {
                        for (int i = 0; i < 600; i++) out.write(mb);
                    } catch (Exception full) { }
                }
                Thread.sleep(3000);
                """).write(subs.resolve("fills-scratch-then-solves.ipynb"));

        // --- what is submitted: only regular files, of a sane size ---
        Files.createSymbolicLink(subs.resolve("symlink-to-solution.ipynb"), solutionFile);
        Notebook huge = SubmissionBuilder.withCellAtEnd(solution, "// " + "x".repeat((int) Snapshot.MAX_BYTES));
        huge.write(subs.resolve("oversize.ipynb"));

        // --- what the grader writes: control characters escaped, feedback names distinct ---
        SubmissionBuilder.withCellAtEnd(blank, "throw new RuntimeException(\"bad\\r\\nforged,5,5,5\\u001b[2J\\u202e\");")
                .write(subs.resolve("control-characters.ipynb"));
        Files.createDirectories(subs.resolve("a"));
        blank.write(subs.resolve("a/x.ipynb"));
        blank.write(subs.resolve("a_x.ipynb"));
        solution.write(subs.resolve("zz-solution-graded-last.ipynb"));

        Limits limits = new Limits(384, 1024, Duration.ofSeconds(6), Duration.ofSeconds(90));
        Grader grader = new Grader(assignment, limits, true);
        for (String id : tlkit.data.Catalog.get().ids()) {
            tlkit.data.Catalog.get().pull(id); // now, so that the grader's own pulls do not count as changes
        }
        Map<String, String> before = Digests.of(outsideTheSandbox(subs));
        List<SubmissionResult> all = grader.gradeAll(subs, System.out::println);
        grader.write(all, csv);
        survivors = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(SETSID_TOKEN)).count();
        changedOutside = Digests.changes(before, Digests.of(outsideTheSandbox(subs)));
        count = all.size();
        results = all.stream().collect(Collectors.toMap(SubmissionResult::name, Function.identity()));
    }

    /** A cell that leaves a detached process behind, which would rewrite {@code csv} a minute later. */
    static String setsidRewriter(Path csv, String token) {
        return """
                new ProcessBuilder("setsid", "sh", "-c", "(sleep 60; echo 'hacked,5,5' > '%s') >/dev/null 2>&1 & : %s").start();
                Thread.sleep(500);
                """.formatted(csv, token);
    }

    /** A cell that overwrites every notebook in the submissions folder (and the parent process's folder). */
    static String classmateOverwriter(Path subs) {
        return """
                for (String folder : List.of("%1$s", "/proc/" + ProcessHandle.current().parent().map(p -> p.pid()).orElse(1L) + "/cwd")) {
                    try (var s = java.nio.file.Files.walk(java.nio.file.Path.of(folder))) {
                        for (var p : s.filter(f -> f.toString().endsWith(".ipynb")).toList()) {
                            try { java.nio.file.Files.writeString(p, "{}"); } catch (Exception e) { }
                        }
                    } catch (Exception e) { }
                }
                """.formatted(subs);
    }

    private static double total(String name) {
        return results.get(name).total();
    }

    @Test
    void solutionScoresFullMarksAndBlankScoresZero() {
        assertEquals(5.0, total("solution"), results.get("solution").feedback());
        assertEquals(0.0, total("blank"));
    }

    @Test
    void aThrowingCellCostsNothingElse() {
        assertEquals(5.0, total("throws-then-solves"), results.get("throws-then-solves").feedback());
        assertEquals(0.0, total("throws-blank"));
    }

    @Test
    void infiniteLoopsAreStoppedOrTheCellIsDroppedAndTheRestIsGraded() {
        assertEquals(5.0, total("loops"), results.get("loops").feedback());
        assertEquals(5.0, total("loops-ignoring-stop"), results.get("loops-ignoring-stop").feedback());
        assertTrue(results.get("loops-ignoring-stop").notes().stream().anyMatch(n -> n.contains("could not be stopped")));
    }

    @Test
    void exhaustingHeapOrNativeMemoryCostsOnlyThatCell() {
        assertEquals(5.0, total("heap-oom"), results.get("heap-oom").feedback());
        assertEquals(5.0, total("native-memory-hog"), results.get("native-memory-hog").feedback());
        assertTrue(results.get("native-memory-hog").notes().stream().anyMatch(n -> n.contains("MB of memory")),
                results.get("native-memory-hog").notes().toString());
    }

    @Test
    void systemExitAndHaltDoNotEndTheGrading() {
        assertEquals(5.0, total("exit-then-solves"), results.get("exit-then-solves").feedback());
        assertEquals(0.0, total("halt-blank"));
    }

    @Test
    void printedScoreLinesAreIgnored() {
        assertEquals(0.0, total("fake-score-lines"), results.get("fake-score-lines").feedback());
    }

    @Test
    void redefinedCheckClassesAreRemovedBeforeTheTests() {
        assertEquals(0.0, total("redefines-check-classes"), results.get("redefines-check-classes").feedback());
        assertTrue(results.get("redefines-check-classes").notes().stream().anyMatch(n -> n.contains("'tlkit'")),
                results.get("redefines-check-classes").notes().toString());
    }

    @Test
    void resultsFileAndFeedbackAreWrittenByTheGraderOnly() throws IOException {
        String table = Files.readString(csv);
        assertTrue(table.contains("results-writer,0.0,0.0,0.0"), table);
        assertTrue(table.contains("solution,2.0,3.0,5.0"), table);
        assertTrue(Files.readString(csv.resolveSibling("feedback/results-writer.txt")).contains("Autograded score: 0 / 5"));
    }

    @Test
    void theSharedDataCacheIsReadOnlyInTheSandbox() {
        SubmissionResult r = results.get("cache-tamperer");
        assertEquals(0.0, r.total());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("Read-only file system")), r.notes().toString());
        assertTrue(tlkit.data.Catalog.get().isPresent("sms-spam"));
        assertTrue(Files.notExists(tlkit.data.Catalog.get().path("sms-spam").resolve("planted.txt")));
    }

    @Test
    void theInstructorNotebookIsNotOnTheSandboxFileSystem() {
        SubmissionResult r = results.get("reads-hidden-tests");
        assertEquals(0.0, r.total());
        assertTrue(Files.notExists(stolen), "the attack could write outside its sandbox");
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("stolen.txt")), r.notes().toString());
    }

    private static List<String> notes(String name) {
        return results.get(name).notes();
    }

    private static boolean noted(String name, String text) {
        return notes(name).stream().anyMatch(n -> n.contains(text));
    }

    @Test
    void othersGradesAreUnchangedAndNoFileOutsideASandboxChanged() {
        assertEquals(5.0, total("solution"));
        assertEquals(5.0, total("zz-solution-graded-last"), results.get("zz-solution-graded-last").feedback());
        assertEquals(List.of(), changedOutside);
        assertTrue(new DataGuard(tlkit.data.Catalog.get()).checkAndRepair().isEmpty());
    }

    @Test
    void namesTheTestsReadKeepTheInstructorsMeaning() {
        assertEquals(1.0, total("honest-wrong-square"), results.get("honest-wrong-square").feedback());
        assertEquals(1.0, total("shadows-variable-redeclared"), results.get("shadows-variable-redeclared").feedback());
        assertTrue(noted("shadows-variable-redeclared", "replaced HIDDEN_INPUT"), notes("shadows-variable-redeclared").toString());
        assertEquals(1.0, total("shadows-variable-assigned"), results.get("shadows-variable-assigned").feedback());
        assertTrue(noted("shadows-variable-assigned", "changed the value of HIDDEN_INPUT"), notes("shadows-variable-assigned").toString());
        assertEquals(2.0, total("shadows-method"), results.get("shadows-method").feedback());
        assertTrue(noted("shadows-method", "replaced tolerance"), notes("shadows-method").toString());
        assertEquals(0.0, total("shadows-checks-class"), results.get("shadows-checks-class").feedback());
        assertTrue(noted("shadows-checks-class", "declaration of 'Checks'"), notes("shadows-checks-class").toString());
        assertEquals(0.0, total("shadows-checks-with-variable"), results.get("shadows-checks-with-variable").feedback());
        assertTrue(noted("shadows-checks-with-variable", "declaration of 'Checks'"), notes("shadows-checks-with-variable").toString());
    }

    @Test
    void studentThreadsAreStoppedBeforeTheTestsOrTheSubmissionFails() {
        for (String name : List.of("race-common-pool", "race-timer", "race-executor")) {
            assertEquals(0.0, total(name), results.get(name).feedback());
            assertTrue(noted(name, "were stopped before the tests"), name + ": " + notes(name));
        }
        assertEquals(0.0, total("race-common-pool-ignoring-stop"));
        assertTrue(noted("race-common-pool-ignoring-stop", "could not be stopped before the tests"),
                notes("race-common-pool-ignoring-stop").toString());
        assertEquals(5.0, total("solution-leaving-an-idle-executor"), results.get("solution-leaving-an-idle-executor").feedback());
    }

    @Test
    void nothingStartedInASandboxOutlivesIt() throws IOException {
        assertEquals(0.0, total("setsid-rewrites-results-later"));
        assertEquals(0, survivors, "processes started with setsid outlived their sandbox");
        assertTrue(Files.readString(csv).contains("setsid-rewrites-results-later,0.0,0.0,0.0"));
    }

    @Test
    void theGraderAndOtherProcessesAreOutOfReach() {
        assertEquals(0.0, total("attaches-to-the-grader"));
        String note = notes("attaches-to-the-grader").toString();
        assertTrue(note.contains("attached to 0 JVMs"), note);
        int seen = Integer.parseInt(note.replaceAll("(?s).*saw (\\d+) other processes.*", "$1"));
        assertTrue(seen <= 2, "the sandbox saw " + seen + " other processes: " + note);
    }

    @Test
    void filesInTheScratchCountAsMemory() {
        assertEquals(5.0, total("fills-scratch-then-solves"), results.get("fills-scratch-then-solves").feedback());
        assertTrue(noted("fills-scratch-then-solves", "MB of memory"), notes("fills-scratch-then-solves").toString());
    }

    @Test
    void processesAndThreadsAreCappedWhereTheHostAllowsIt() {
        assertEquals(0.0, total("starts-3000-threads"));
        if (TaskLimit.available()) {
            assertTrue(noted("starts-3000-threads", "unable to create native thread"), notes("starts-3000-threads").toString());
        }
    }

    @Test
    void theKitTheSolutionsClassmatesAndTheCacheAreReadOnly() {
        assertEquals(0.0, total("rewrites-kit-and-solutions"));
        String note = notes("rewrites-kit-and-solutions").toString();
        int tried = Integer.parseInt(note.replaceAll("(?s).*refused \\d+ of (\\d+) writes.*", "$1"));
        assertTrue(note.contains("refused " + tried + " of " + tried + " writes") && tried >= 2, note);
        assertEquals(0.0, total("overwrites-classmates"));
        assertEquals(0.0, total("zeroes-cached-weights"));
        assertTrue(noted("zeroes-cached-weights", "writes into the data cache") && !noted("zeroes-cached-weights", "refused 0 "),
                notes("zeroes-cached-weights").toString());
    }

    @Test
    void onlyRegularFilesOfASaneSizeAreGraded() {
        assertEquals(0.0, total("symlink-to-solution"));
        assertTrue(noted("symlink-to-solution", "symbolic link"), notes("symlink-to-solution").toString());
        assertEquals(0.0, total("oversize"));
        assertTrue(noted("oversize", "over the limit"), notes("oversize").toString());
    }

    @Test
    void resultsEscapeControlCharactersAndFeedbackNamesAreDistinct() throws IOException {
        String table = Files.readString(csv);
        assertEquals(count + 1, table.lines().count(), table);
        assertTrue(table.chars().noneMatch(c -> c == 0x1b || c == '\r' || c == 0x202e), table);
        assertTrue(table.contains("\\u001b[2J"), table);
        String fb = Files.readString(csv.resolveSibling("feedback/control-characters.txt"));
        assertTrue(fb.chars().noneMatch(c -> c == 0x1b || c == '\r'), fb);
        Path slash = csv.resolveSibling("feedback/a%2Fx.txt");
        Path underscore = csv.resolveSibling("feedback/a_x.txt");
        assertTrue(Files.readString(slash).startsWith("Feedback for a/x on"));
        assertTrue(Files.readString(underscore).startsWith("Feedback for a_x on"));
        assertEquals("a/x", Escapes.submissionName("a%2Fx"));
    }
}
