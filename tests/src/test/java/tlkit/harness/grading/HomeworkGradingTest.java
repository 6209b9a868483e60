package tlkit.harness.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tlkit.harness.notebook.Notebook;
import tlkit.harness.release.Release;

/**
 * Grades every homework as {@code ./kit grade} would: the instructor's solution must score full marks,
 * the released (blank) student version zero, and a submission of plausible wrong answers (one per
 * task, each passing the visible check where it can) exactly the visible checks it passes: 0 on
 * every hidden check. All three are graded in one run.
 */
class HomeworkGradingTest {

    static final Path ROOT = Path.of(System.getProperty("tlkit.root", "..")).toAbsolutePath().normalize();

    /** A wrong answer: in the solution cell {@code cell}, {@code right} replaced by {@code wrong}. */
    record WrongAnswer(String cell, String right, String wrong) {
    }

    /** Per homework: its wrong answers and the points each test cell must give them. */
    record WrongAnswers(List<WrongAnswer> edits, Map<String, Double> points) {
    }

    static final Map<String, WrongAnswers> WRONG = Map.of(
            "hw1", new WrongAnswers(List.of(
                    // a hidden layer in the head: everything frozen, but not "only a linear head"
                    new WrongAnswer("hw1_frozen_model", "Head.linear(numClasses)).freeze()", "Head.mlp(64, numClasses, 0.2f)).freeze()"),
                    // one output for a two-class problem: predicts one class for every image
                    new WrongAnswer("hw1_head", "frozenModel(backbone, train.numClasses())", "frozenModel(backbone, 1)"),
                    new WrongAnswer("hw1_partial_model", "freezeUpTo(\"stage3\")", "freezeUpTo(\"stage2\")"),
                    // full fine-tuning at a learning rate fit for a head only: the frozen stages move, the model breaks
                    new WrongAnswer("hw1_fine_tune", "Strategy.partial(\"stage3\")", "Strategy.full()"),
                    new WrongAnswer("hw1_fine_tune", "Fit.adam(0.0005f)", "Fit.adam(0.05f)"),
                    // decay times depth instead of decay to the depth: right for two stages only
                    new WrongAnswer("hw1_lrs", "(float) (headLr / Math.pow(decay, numStages - 1 - s))",
                            "(float) (headLr / Math.max(1, decay * (numStages - 1 - s)))")),
                    Map.of("t1_frozen", 1.0, "t2_head", 0.0, "t3_partial", 1.0, "t4_fine_tune", 1.0, "t5_lrs", 1.0)),
            "hw2", new WrongAnswers(List.of(
                    new WrongAnswer("hw2_frozen_model", "Head.linear(numClasses)).freeze()", "Head.mlp(64, numClasses, 0.2f)).freeze()"),
                    new WrongAnswer("hw2_head", "frozenModel(encoder, train.numClasses())", "frozenModel(encoder, 1)"),
                    new WrongAnswer("hw2_partial_model", "freezeUpTo(\"layer4\")", "freezeUpTo(\"layer3\")"),
                    // two layers fine-tuned at a head's learning rate: layer4 moves, the encoder breaks
                    new WrongAnswer("hw2_fine_tune", "Strategy.partial(\"layer4\")", "Strategy.partial(\"layer3\")"),
                    new WrongAnswer("hw2_fine_tune", "Fit.adam(1e-4f)", "Fit.adam(0.05f)"),
                    // skips classes absent from the labels even when they were predicted
                    new WrongAnswer("hw2_macro_f1", "if (tp + fp + fn == 0) continue;", "if (tp + fn == 0) continue;")),
                    // t4's visible check gets 0 too: it evaluates spamModel, whose one-output head (the hw2_head wrong
                    // answer) makes macro-F1 throw (measured: hidden checks layer4 moved, held-out macro-F1 0.466)
                    Map.of("t1_frozen", 1.0, "t2_head", 0.0, "t3_partial", 1.0, "t4_fine_tune", 0.0, "t5_macro_f1", 1.0)),
            "hw3", new WrongAnswers(List.of(
                    // the global validation speaker instead of the parameter: right only for that call
                    new WrongAnswer("hw3_split", "if (s.equals(testSpeaker)) test.add(i);", "if (s.equals(VAL_SPEAKER)) test.add(i);"),
                    new WrongAnswer("hw3_head", "Head.linear(10)", "Head.linear(1)"),
                    // everything fine-tuned, with a learning rate that diverges
                    new WrongAnswer("hw3_fine_tune", "Strategy.partial(\"block1\")", "Strategy.full()"),
                    new WrongAnswer("hw3_fine_tune", "Fit.sgd(0.01f)", "Fit.sgd(5f)"),
                    new WrongAnswer("hw3_schedule", "return Math.min(numStages, epoch / epochsPerStage);",
                            "return epoch / epochsPerStage;"),
                    new WrongAnswer("hw3_strategy", "gradualUnfreezing(2)", "gradualUnfreezing(1)")),
                    Map.of("t1_split", 1.0, "t2_head", 0.0, "t3_fine_tune", 1.0, "t4_schedule", 1.0, "t5_strategy", 1.0)));

    /**
     * hw3 with a head cell that trains on the held-out speaker's recordings wherever it can find them
     * (the catalog, the cache, the mirror, the whole file system): in the sandbox there are none while
     * the student's cells run, so the cell fails and the hidden accuracy check gives 0.
     */
    static final String STEAL_HELD_OUT = """
            double valAccuracy = Double.NaN;
            TransferModel digitModel = TransferModel.of(backbone, Head.linear(10)).freeze();
            BatchSource trainPart = fsdd.subset(split[0]);
            BatchSource valPart = fsdd.subset(split[1]);
            List<java.nio.file.Path> stolen = new ArrayList<>();
            List<String> tried = new ArrayList<>();
            try { tried.add("catalog " + Catalog.get().path("fsdd")); } catch (RuntimeException e) { tried.add("catalog: " + e.getMessage().lines().findFirst().orElse("")); }
            java.nio.file.Files.walkFileTree(java.nio.file.Path.of("/"), new java.nio.file.SimpleFileVisitor<java.nio.file.Path>() {
                public java.nio.file.FileVisitResult preVisitDirectory(java.nio.file.Path d, java.nio.file.attribute.BasicFileAttributes a) {
                    String s = d.toString();
                    return s.equals("/proc") || s.equals("/sys") || s.equals("/dev") ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                            : java.nio.file.FileVisitResult.CONTINUE;
                }
                public java.nio.file.FileVisitResult visitFile(java.nio.file.Path f, java.nio.file.attribute.BasicFileAttributes a) {
                    if (f.getFileName().toString().matches("[0-9]_nicolas_[0-9]+\\\\.wav") && a.size() > 0) stolen.add(f);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                public java.nio.file.FileVisitResult visitFileFailed(java.nio.file.Path f, java.io.IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
            if (stolen.isEmpty()) throw new IllegalStateException("no held-out recording reachable; tried " + tried + " and every file under /");
            java.nio.file.Path loot = java.nio.file.Files.createTempDirectory("loot");
            java.nio.file.Files.createDirectories(loot.resolve("recordings"));
            for (java.nio.file.Path f : stolen) {
                java.nio.file.Files.copy(f, loot.resolve("recordings").resolve(f.getFileName().toString()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            FsddDataset nicolasClips = FsddDataset.load(loot);
            Fit.adam(0.01f).epochs(60).batchSize(32).seed(SEED).quiet()
                    .fitHead(digitModel, FeatureCache.compute(backbone, nicolasClips), null);
            valAccuracy = Predictions.of(digitModel, nicolasClips).accuracy();
            """;

    static Stream<Path> homework() {
        return Release.solutionNotebooks(ROOT).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("homework")
    void solutionFullMarksBlankZeroWrongAnswersZeroOnEveryHiddenCheck(Path solution, @TempDir Path tmp) throws Exception {
        String id = solution.getFileName().toString().split("-")[0];
        Assignment a = Assignment.find(ROOT, id);
        Path subs = tmp.resolve("submissions");
        Files.createDirectories(subs);
        Files.copy(solution, subs.resolve("solution.ipynb"));
        Files.copy(Release.studentPath(ROOT, solution), subs.resolve("blank.ipynb"));
        WrongAnswers wrong = WRONG.get(id);
        assertTrue(wrong != null, "add plausible wrong answers for " + id + " to HomeworkGradingTest.WRONG");
        assertEquals(a.tests().stream().map(Assignment.TestCell::gradeId).sorted().toList(),
                wrong.points().keySet().stream().sorted().toList(), "one expectation per test cell of " + id);
        withWrongAnswers(Notebook.read(solution), wrong.edits()).write(subs.resolve("wrong-answers.ipynb"));
        if (id.equals("hw3")) {
            SubmissionBuilder.withCellReplaced(Notebook.read(solution), "hw3_head", STEAL_HELD_OUT)
                    .write(subs.resolve("steals-held-out.ipynb"));
        }

        Grader grader = new Grader(a, new Limits(2048, 6144, Duration.ofMinutes(3), Duration.ofMinutes(8)), true);
        List<SubmissionResult> results = grader.gradeAll(subs, System.out::println);
        Path csv = tmp.resolve("out/grades.csv");
        grader.write(results, csv);
        Map<String, SubmissionResult> byName = new java.util.HashMap<>();
        results.forEach(r -> byName.put(r.name(), r));
        SubmissionResult blank = byName.get("blank");
        SubmissionResult sol = byName.get("solution");
        SubmissionResult wrongResult = byName.get("wrong-answers");
        assertEquals(a.autoPoints(), sol.total(), 1e-9, sol.feedback());
        assertEquals(0.0, blank.total(), blank.feedback());
        wrong.points().forEach((test, points) ->
                assertEquals(points, wrongResult.points().get(test), 1e-9, test + "\n" + wrongResult.feedback()));
        if (id.equals("hw3")) {
            SubmissionResult thief = byName.get("steals-held-out");
            assertTrue(thief.notes().stream().anyMatch(n -> n.contains("no held-out recording reachable")), thief.feedback());
            assertTrue(thief.feedback().contains("(500 clips) (0/2)"), "0 on the hidden accuracy check\n" + thief.feedback());
            assertEquals(a.autoPoints() - 3, thief.total() - thief.points().get("t2_head"), 1e-9,
                    "every other task still earns its points\n" + thief.feedback());
        }
        assertTrue(Files.readString(csv).contains("solution,"), "results table written");
        assertTrue(Files.isRegularFile(csv.resolveSibling("feedback/blank.txt")));
    }

    private static Notebook withWrongAnswers(Notebook solution, List<WrongAnswer> edits) {
        Notebook nb = solution;
        for (WrongAnswer e : edits) {
            String source = nb.cells().stream().filter(c -> e.cell().equals(c.gradeId())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no cell " + e.cell())).source();
            assertTrue(source.contains(e.right()), e.cell() + " no longer contains '" + e.right() + "': update the wrong answer");
            nb = SubmissionBuilder.withCellReplaced(nb, e.cell(), source.replace(e.right(), e.wrong()));
        }
        return nb;
    }
}
