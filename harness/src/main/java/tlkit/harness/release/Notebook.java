package tlkit.harness.release;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** An nbformat-4 notebook as JSON, with the few accessors the release tool and the grader need. */
public final class Notebook {

    private final JsonObject json;

    public Notebook(JsonObject json) {
        this.json = json;
        if (!json.has("cells") || !json.get("cells").isJsonArray()) {
            throw new IllegalArgumentException("Not an nbformat-4 notebook: no \"cells\" array");
        }
    }

    public static Notebook read(Path file) {
        try {
            return new Notebook(JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read notebook " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot parse notebook " + file + " (" + e.getMessage()
                    + "); is it a valid .ipynb file?", e);
        }
    }

    public static Notebook parse(String text) {
        return new Notebook(JsonParser.parseString(text).getAsJsonObject());
    }

    public JsonObject json() {
        return json;
    }

    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (JsonElement e : json.getAsJsonArray("cells")) {
            cells.add(new Cell(e.getAsJsonObject()));
        }
        return cells;
    }

    public Notebook copy() {
        return new Notebook(json.deepCopy());
    }

    /** Stable text form: 1-space indent like Jupyter, trailing newline. */
    public String toText() {
        try {
            java.io.StringWriter w = new java.io.StringWriter();
            com.google.gson.stream.JsonWriter jw = new com.google.gson.stream.JsonWriter(w);
            jw.setIndent(" ");
            jw.setHtmlSafe(false);
            com.google.gson.internal.Streams.write(json, jw);
            jw.flush();
            return w + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes through a temp file and a rename, so a reader never sees half a notebook. */
    public void write(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, toText(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write notebook " + file + ": " + e.getMessage(), e);
        }
    }

    /** One cell; a view over the notebook's JSON. */
    public static final class Cell {
        private final JsonObject json;

        Cell(JsonObject json) {
            this.json = json;
        }

        public JsonObject json() {
            return json;
        }

        public String type() {
            return json.get("cell_type").getAsString();
        }

        public boolean isCode() {
            return "code".equals(type());
        }

        public String source() {
            return tlkit.harness.runner.Notebook.source(json);
        }

        /** Stores the source as Jupyter does: a list of lines, each but the last ending in a newline. */
        public void setSource(String text) {
            json.add("source", tlkit.harness.runner.Notebook.multiline(text));
        }

        public JsonObject metadata() {
            if (!json.has("metadata")) {
                json.add("metadata", new JsonObject());
            }
            return json.getAsJsonObject("metadata");
        }

        /** nbgrader metadata, or an empty object. */
        public JsonObject nbgrader() {
            JsonObject m = metadata();
            return m.has("nbgrader") ? m.getAsJsonObject("nbgrader") : new JsonObject();
        }

        public String gradeId() {
            JsonObject g = nbgrader();
            return g.has("grade_id") ? g.get("grade_id").getAsString() : null;
        }

        public boolean isGraded() {
            JsonObject g = nbgrader();
            return g.has("grade") && g.get("grade").getAsBoolean();
        }

        public boolean isSolution() {
            JsonObject g = nbgrader();
            return g.has("solution") && g.get("solution").getAsBoolean();
        }

        /** A read-only cell (nbgrader "locked"). */
        public boolean isLocked() {
            JsonObject g = nbgrader();
            return g.has("locked") && g.get("locked").getAsBoolean();
        }

        /** An autograded test cell: graded, not a solution cell, code. */
        public boolean isTest() {
            return isCode() && isGraded() && !isSolution();
        }

        /** A written answer marked for manual grading. */
        public boolean isManualAnswer() {
            return isGraded() && isSolution() && !isCode();
        }

        public double points() {
            JsonObject g = nbgrader();
            return g.has("points") ? g.get("points").getAsDouble() : 0;
        }

        public void clearOutputs() {
            if (isCode()) {
                json.add("outputs", new JsonArray());
                json.add("execution_count", com.google.gson.JsonNull.INSTANCE);
            }
            metadata().remove("execution");
        }
    }
}
