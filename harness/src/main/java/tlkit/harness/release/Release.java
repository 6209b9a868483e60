package tlkit.harness.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tlkit.harness.notebook.Cell;
import tlkit.harness.notebook.Notebook;

/**
 * Generates the student version of each instructor notebook in {@code solutions/homework/} into
 * {@code notebooks/homework/}: solution regions become a TODO stub, hidden tests disappear, visible
 * checks and all cell metadata (grade ids, points) stay, outputs are stripped.
 */
public final class Release {

    public static final String SOLUTIONS = "solutions/homework";
    public static final String STUDENT = "notebooks/homework";

    private Release() {
    }

    /** The instructor notebooks of a repository, sorted by name. */
    public static List<Path> solutionNotebooks(Path repoRoot) {
        Path dir = repoRoot.resolve(SOLUTIONS);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("No folder " + dir + "; run from the repository root");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    public static Path studentPath(Path repoRoot, Path solution) {
        return repoRoot.resolve(STUDENT).resolve(solution.getFileName());
    }

    /** The student version of one instructor notebook (checked for well-formed markers and metadata). */
    public static Notebook studentVersion(Notebook solution, String name) {
        validate(solution, name);
        Notebook student = solution.copy();
        student.metadata().remove(tlkit.harness.runner.NotebookRunner.RUN_METADATA);
        int index = 0;
        for (Cell cell : student.cells()) {
            index++;
            String where = name + ", cell " + index + (cell.gradeId() == null ? "" : " (" + cell.gradeId() + ")");
            cell.setSource(Markers.studentVersion(cell.source(), cell.isCode(), where));
            cell.clearOutputs();
        }
        return student;
    }

    static void validate(Notebook nb, String name) {
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (Cell cell : nb.cells()) {
            index++;
            String id = cell.gradeId();
            if (id != null && !ids.add(id)) {
                throw new IllegalArgumentException(name + ", cell " + index + ": grade id '" + id
                        + "' is used twice; every graded or solution cell needs its own grade_id");
            }
            if ((cell.isGraded() || cell.isSolution()) && id == null) {
                throw new IllegalArgumentException(name + ", cell " + index
                        + ": graded/solution cell without nbgrader.grade_id");
            }
            if (cell.isGraded() && !(cell.points() > 0)) {
                throw new IllegalArgumentException(name + ", cell " + index + " (" + id
                        + "): graded cell needs nbgrader.points > 0");
            }
            if (Markers.hasHiddenTests(cell.source()) && !cell.isTest()) {
                throw new IllegalArgumentException(name + ", cell " + index
                        + ": hidden tests outside a test cell (nbgrader grade=true, solution=false) would never be graded");
            }
        }
    }

    /** Regenerates every student notebook; returns the paths whose content changed. */
    public static List<Path> run(Path repoRoot) {
        List<Path> changed = new ArrayList<>();
        for (Path solution : solutionNotebooks(repoRoot)) {
            Path target = studentPath(repoRoot, solution);
            Notebook student = studentVersion(read(solution), solution.getFileName().toString());
            String text = student.toText();
            try {
                if (Files.isRegularFile(target) && Files.readString(target).equals(text)) {
                    continue;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + target + ": " + e.getMessage(), e);
            }
            try {
                student.write(target);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
            }
            changed.add(target);
        }
        return changed;
    }

    /** Student notebooks that differ from what {@link #run} would write (missing ones included). */
    public static List<Path> outOfDate(Path repoRoot) {
        List<Path> stale = new ArrayList<>();
        for (Path solution : solutionNotebooks(repoRoot)) {
            Path target = studentPath(repoRoot, solution);
            String expected = studentVersion(read(solution), solution.getFileName().toString()).toText();
            try {
                if (!Files.isRegularFile(target) || !Files.readString(target).equals(expected)) {
                    stale.add(target);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + target + ": " + e.getMessage(), e);
            }
        }
        return stale;
    }

    private static Notebook read(Path notebook) {
        try {
            return Notebook.read(notebook);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read notebook " + e.getMessage(), e);
        }
    }
}
