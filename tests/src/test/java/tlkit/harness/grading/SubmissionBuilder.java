package tlkit.harness.grading;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import tlkit.harness.notebook.Cell;
import tlkit.harness.notebook.Multiline;
import tlkit.harness.notebook.Notebook;

/** Builds adversarial submissions from a real notebook by inserting or replacing one code cell. */
final class SubmissionBuilder {

    private SubmissionBuilder() {
    }

    /** {@code base} with a code cell holding {@code source} inserted after the first code cell (the imports). */
    static Notebook withCellAfterImports(Notebook base, String source) {
        Notebook nb = base.copy();
        JsonArray cells = nb.json().getAsJsonArray("cells");
        int firstCode = 0;
        while (!"code".equals(cells.get(firstCode).getAsJsonObject().get("cell_type").getAsString())) {
            firstCode++;
        }
        JsonArray rebuilt = new JsonArray();
        for (int i = 0; i < cells.size(); i++) {
            rebuilt.add(cells.get(i));
            if (i == firstCode) {
                rebuilt.add(codeCell(source));
            }
        }
        nb.json().add("cells", rebuilt);
        return nb;
    }

    /** {@code base} with a code cell holding {@code source} added after its last cell. */
    static Notebook withCellAtEnd(Notebook base, String source) {
        Notebook nb = base.copy();
        nb.json().getAsJsonArray("cells").add(codeCell(source));
        return nb;
    }

    /** {@code base} with the source of the cell whose grade id is {@code gradeId} replaced. */
    static Notebook withCellReplaced(Notebook base, String gradeId, String source) {
        Notebook nb = base.copy();
        for (Cell c : nb.cells()) {
            if (gradeId.equals(c.gradeId())) {
                c.setSource(source);
                return nb;
            }
        }
        throw new IllegalArgumentException("no cell " + gradeId);
    }

    static JsonObject codeCell(String source) {
        JsonObject c = new JsonObject();
        c.addProperty("cell_type", "code");
        c.add("metadata", new JsonObject());
        c.add("outputs", new JsonArray());
        c.add("execution_count", com.google.gson.JsonNull.INSTANCE);
        c.add("source", Multiline.lines(source));
        return c;
    }

    static void write(Notebook nb, Path file) {
        try {
            nb.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
