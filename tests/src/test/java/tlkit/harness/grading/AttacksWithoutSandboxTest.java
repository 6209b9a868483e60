package tlkit.harness.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tlkit.harness.notebook.Notebook;
import tlkit.harness.release.Release;

/**
 * Two of {@link GraderAttacksTest}'s attacks graded with {@code --no-sandbox}: they really do harm
 * there (so the sandboxed run's "nothing changed, nothing survived" is a finding, not a dud attack),
 * while the snapshot still keeps every grade right.
 */
class AttacksWithoutSandboxTest {

    @TempDir
    Path tmp;

    @Test
    void unsandboxedTheAttacksHarmTheFolderAndOutliveTheGraderButGradesStayRight() throws Exception {
        Path solutionFile = tmp.resolve("solutions/hw0-tiny.ipynb");
        Files.createDirectories(solutionFile.getParent());
        Files.copy(GraderAttacksTest.class.getResourceAsStream("hw0-tiny.ipynb"), solutionFile);
        Assignment assignment = Assignment.fromNotebook("hw0", solutionFile);
        Notebook solution = Notebook.read(solutionFile);
        Notebook blank = Release.studentVersion(solution, "hw0-tiny.ipynb");
        Path subs = tmp.resolve("submissions");
        Path csv = tmp.resolve("out/grades.csv");
        String token = "tlkit-unsandboxed-setsid-" + ProcessHandle.current().pid();
        SubmissionBuilder.withCellAtEnd(blank, GraderAttacksTest.classmateOverwriter(subs)).write(subs.resolve("a-overwriter.ipynb"));
        SubmissionBuilder.withCellAtEnd(blank, GraderAttacksTest.setsidRewriter(csv, token)).write(subs.resolve("b-setsid.ipynb"));
        solution.write(subs.resolve("c-solution.ipynb"));

        Grader grader = new Grader(assignment, new Limits(384, 1024, Duration.ofSeconds(6), Duration.ofSeconds(60)), false);
        List<SubmissionResult> results = grader.gradeAll(subs, System.out::println);
        List<ProcessHandle> survivors = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(token)).toList();
        survivors.forEach(ProcessHandle::destroyForcibly);

        assertEquals("{}", Files.readString(subs.resolve("c-solution.ipynb")), "the overwrite reached a classmate's file");
        assertEquals(5.0, results.get(2).total(), "graded from the snapshot: " + results.get(2).feedback());
        assertEquals(0.0, results.get(0).total() + results.get(1).total());
        assertTrue(!survivors.isEmpty(), "without the sandbox, the setsid process outlives its kernel");
    }
}
