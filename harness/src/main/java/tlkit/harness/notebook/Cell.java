package tlkit.harness.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** One cell of a {@link Notebook}: a view over the notebook's JSON (changes write through). */
public final class Cell {
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
        return Multiline.text(json.get("source"));
    }

    /** Stores the source as Jupyter does: a list of lines. */
    public void setSource(String text) {
        json.add("source", Multiline.lines(text));
    }

    /** The first non-blank source line, stripped (for messages). */
    public String firstLine() {
        for (String line : source().split("\n")) {
            if (!line.isBlank()) return line.strip();
        }
        return "";
    }

    public JsonObject metadata() {
        if (!json.has("metadata") || !json.get("metadata").isJsonObject()) json.add("metadata", new JsonObject());
        return json.getAsJsonObject("metadata");
    }

    public List<String> tags() {
        List<String> tags = new ArrayList<>();
        JsonElement t = json.has("metadata") && json.get("metadata").isJsonObject() ? metadata().get("tags") : null;
        if (t != null && t.isJsonArray()) t.getAsJsonArray().forEach(tag -> tags.add(tag.getAsString()));
        return tags;
    }

    /** Empties a code cell's outputs and execution count, and drops the execution timing metadata. */
    public void clearOutputs() {
        if (isCode()) {
            json.add("outputs", new JsonArray());
            json.add("execution_count", JsonNull.INSTANCE);
        }
        metadata().remove("execution");
    }

    // nbgrader's cell metadata

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
        return flag("grade");
    }

    public boolean isSolution() {
        return flag("solution");
    }

    /** A read-only cell (nbgrader "locked"). */
    public boolean isLocked() {
        return flag("locked");
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

    private boolean flag(String name) {
        JsonObject g = nbgrader();
        return g.has(name) && g.get(name).getAsBoolean();
    }
}
