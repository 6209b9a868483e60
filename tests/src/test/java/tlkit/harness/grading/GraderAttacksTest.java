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
import tlkit.harness.release.Notebook;
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

        Limits limits = new Limits(384, 1024, Duration.ofSeconds(6), Duration.ofSeconds(90));
        Grader grader = new Grader(assignment, limits, true);
        List<SubmissionResult> all = grader.gradeAll(subs, System.out::println);
        grader.write(all, csv);
        results = all.stream().collect(Collectors.toMap(SubmissionResult::name, Function.identity()));
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
}
