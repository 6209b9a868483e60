package tlkit.harness.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tlkit.harness.release.Markers;
import tlkit.harness.notebook.Cell;
import tlkit.harness.notebook.Notebook;

/**
 * What the grader takes from the instructor's notebook: the test cells (visible and hidden checks,
 * run after the student's cells), the written answers left for manual grading, and the given code
 * cells (setup, imports, parameters: locked, by grade id), whose instructor version replaces the
 * submission's copy, as nbgrader does with read-only cells.
 */
public record Assignment(String id, Path solution, List<TestCell> tests, List<ManualTask> manual,
        Map<String, String> lockedCells, Map<String, String> heldOut) {

    /**
     * {@code heldOut}: catalog item id -> regular expression over the item's file paths (relative, with
     * '/'), from the notebook's {@code metadata.tlkit.heldOut}. Those files are the hidden tests' data:
     * absent from the sandbox's data while the student's cells run, delivered to the kernel only after
     * them (see {@code tlkit.grading.HomeworkData}).
     */
    public Assignment {
        heldOut = Map.copyOf(heldOut);
    }

    /** One autograded cell: its grade id, points and the instructor's full source (hidden tests included). */
    public record TestCell(String gradeId, double points, String source) {
    }

    /** A written answer; the grader lists it, a person scores it. */
    public record ManualTask(String gradeId, double points) {
    }

    public double autoPoints() {
        return tests.stream().mapToDouble(TestCell::points).sum();
    }

    public static Assignment fromNotebook(String id, Path solution) {
        Notebook nb;
        try {
            nb = Notebook.read(solution);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read notebook " + e.getMessage(), e);
        }
        List<TestCell> tests = new ArrayList<>();
        List<ManualTask> manual = new ArrayList<>();
        Map<String, String> locked = new LinkedHashMap<>();
        for (Cell c : nb.cells()) {
            if (c.isCode() && c.isLocked() && !c.isSolution() && !c.isGraded() && c.gradeId() != null) {
                locked.put(c.gradeId(), c.source());
            }
            if (c.isTest()) {
                tests.add(new TestCell(c.gradeId(), c.points(), Markers.withoutMarkerLines(c.source())));
            } else if (c.isGraded()) {
                manual.add(new ManualTask(c.gradeId(), c.points()));
            }
        }
        if (tests.isEmpty()) {
            throw new IllegalArgumentException(solution + " has no test cells (nbgrader grade=true, solution=false)");
        }
        Map<String, String> heldOut = new LinkedHashMap<>();
        if (nb.metadata().has("tlkit") && nb.metadata().get("tlkit").isJsonObject()
                && nb.metadata().getAsJsonObject("tlkit").has("heldOut")) {
            nb.metadata().getAsJsonObject("tlkit").getAsJsonObject("heldOut").entrySet()
                    .forEach(e -> heldOut.put(e.getKey(), e.getValue().getAsString()));
        }
        return new Assignment(id, solution, List.copyOf(tests), List.copyOf(manual), Map.copyOf(locked), heldOut);
    }

    /** {@code hw1} -> {@code REPO/solutions/homework/hw1-*.ipynb}. */
    public static Assignment find(Path repoRoot, String id) {
        Path dir = repoRoot.resolve("solutions/homework");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> hits = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".ipynb") && (n.equals(id + ".ipynb") || n.startsWith(id + "-"));
            }).sorted().toList();
            if (hits.size() != 1) {
                throw new IllegalArgumentException("Assignment '" + id + "': expected one notebook " + dir + "/" + id
                        + "-*.ipynb, found " + hits.size());
            }
            return fromNotebook(id, hits.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + " (is the repository root right?): " + e.getMessage(), e);
        }
    }
}
