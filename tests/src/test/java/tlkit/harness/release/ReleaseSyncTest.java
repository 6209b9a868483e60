package tlkit.harness.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import tlkit.harness.notebook.Cell;
import tlkit.harness.notebook.Notebook;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed student homework must be exactly what {@code ./kit release} makes from the solutions. */
class ReleaseSyncTest {

    static final Path ROOT = Path.of(System.getProperty("tlkit.root", "..")).toAbsolutePath().normalize();

    @Test
    void committedStudentNotebooksMatchTheReleaseOfTheSolutions() {
        List<Path> stale = Release.outOfDate(ROOT);
        assertEquals(List.of(), stale, "out of date: run ./kit release and commit notebooks/homework/");
    }

    @Test
    void studentVersionsHaveNoSolutionsNoHiddenTestsAndNoOutputs() throws IOException {
        List<Path> solutions = Release.solutionNotebooks(ROOT);
        assertFalse(solutions.isEmpty(), "no homework in " + ROOT.resolve(Release.SOLUTIONS));
        for (Path s : solutions) {
            Notebook student = Notebook.read(Release.studentPath(ROOT, s));
            String text = student.toText();
            assertFalse(text.contains("BEGIN SOLUTION") || text.contains("BEGIN HIDDEN TESTS"), s + " leaks solutions");
            for (Cell c : student.cells()) {
                if (c.isCode()) {
                    assertTrue(c.json().getAsJsonArray("outputs").isEmpty(), s + " has outputs");
                }
            }
            assertTrue(student.cells().stream().anyMatch(c -> c.source().contains("%jars ../../lib/target/kit/*.jar")),
                    s + " must load the kit from ../../lib/target/kit");
        }
    }
}
