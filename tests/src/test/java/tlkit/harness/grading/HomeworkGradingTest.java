package tlkit.harness.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tlkit.harness.release.Release;

/**
 * Grades every homework as {@code ./kit grade} would: the instructor's solution must score full marks
 * and the released (blank) student version zero, both graded in one run.
 */
class HomeworkGradingTest {

    static final Path ROOT = Path.of(System.getProperty("tlkit.root", "..")).toAbsolutePath().normalize();

    static Stream<Path> homework() {
        return Release.solutionNotebooks(ROOT).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("homework")
    void solutionScoresFullMarksAndBlankStudentVersionZero(Path solution, @TempDir Path tmp) throws Exception {
        String id = solution.getFileName().toString().split("-")[0];
        Assignment a = Assignment.find(ROOT, id);
        Path subs = tmp.resolve("submissions");
        Files.createDirectories(subs);
        Files.copy(solution, subs.resolve("solution.ipynb"));
        Files.copy(Release.studentPath(ROOT, solution), subs.resolve("blank.ipynb"));
        Grader grader = new Grader(a, new Limits(2048, 6144, Duration.ofMinutes(2), Duration.ofMinutes(4)), true);
        List<SubmissionResult> results = grader.gradeAll(subs, System.out::println);
        Path csv = tmp.resolve("out/grades.csv");
        grader.write(results, csv);
        SubmissionResult blank = results.get(0);
        SubmissionResult sol = results.get(1);
        assertEquals("solution", sol.name());
        assertEquals(a.autoPoints(), sol.total(), 1e-9, sol.feedback());
        assertEquals(0.0, blank.total(), blank.feedback());
        assertTrue(Files.readString(csv).contains("solution,"), "results table written");
        assertTrue(Files.isRegularFile(csv.resolveSibling("feedback/blank.txt")));
    }
}
