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
                    // decay times depth instead of decay to the depth: right for two stages only
                    new WrongAnswer("hw1_lrs", "(float) (headLr / Math.pow(decay, numStages - 1 - s))",
                            "(float) (headLr / Math.max(1, decay * (numStages - 1 - s)))")),
                    Map.of("t1_frozen", 1.0, "t2_head", 0.0, "t3_partial", 1.0, "t4_lrs", 1.0)),
            "hw2", new WrongAnswers(List.of(
                    new WrongAnswer("hw2_frozen_model", "Head.linear(numClasses)).freeze()", "Head.mlp(64, numClasses, 0.2f)).freeze()"),
                    new WrongAnswer("hw2_head", "frozenModel(encoder, train.numClasses())", "frozenModel(encoder, 1)"),
                    new WrongAnswer("hw2_partial_model", "freezeUpTo(\"layer4\")", "freezeUpTo(\"layer3\")"),
                    // skips classes absent from the labels even when they were predicted
                    new WrongAnswer("hw2_macro_f1", "if (tp + fp + fn == 0) continue;", "if (tp + fn == 0) continue;")),
                    Map.of("t1_frozen", 1.0, "t2_head", 0.0, "t3_partial", 1.0, "t4_macro_f1", 1.0)),
            "hw3", new WrongAnswers(List.of(
                    // the global validation speaker instead of the parameter: right only for that call
                    new WrongAnswer("hw3_split", "if (s.equals(testSpeaker)) test.add(i);", "if (s.equals(VAL_SPEAKER)) test.add(i);"),
                    new WrongAnswer("hw3_head", "Head.linear(10)", "Head.linear(1)"),
                    new WrongAnswer("hw3_schedule", "return Math.min(numStages, epoch / epochsPerStage);",
                            "return epoch / epochsPerStage;"),
                    new WrongAnswer("hw3_strategy", "gradualUnfreezing(2)", "gradualUnfreezing(1)")),
                    Map.of("t1_split", 1.0, "t2_head", 0.0, "t3_schedule", 1.0, "t4_strategy", 1.0)));

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

        Grader grader = new Grader(a, new Limits(2048, 6144, Duration.ofMinutes(2), Duration.ofMinutes(4)), true);
        List<SubmissionResult> results = grader.gradeAll(subs, System.out::println);
        Path csv = tmp.resolve("out/grades.csv");
        grader.write(results, csv);
        SubmissionResult blank = results.get(0);
        SubmissionResult sol = results.get(1);
        SubmissionResult wrongResult = results.get(2);
        assertEquals("solution", sol.name());
        assertEquals(a.autoPoints(), sol.total(), 1e-9, sol.feedback());
        assertEquals(0.0, blank.total(), blank.feedback());
        wrong.points().forEach((test, points) ->
                assertEquals(points, wrongResult.points().get(test), 1e-9, test + "\n" + wrongResult.feedback()));
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
