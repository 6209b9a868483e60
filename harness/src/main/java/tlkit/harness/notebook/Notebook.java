package tlkit.harness.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A Jupyter notebook (nbformat 4) as JSON: read as stored, changed through {@link Cell} views, written
 * back as Jupyter writes it ({@link #toText()}, {@link #write(Path)}).
 */
public final class Notebook {
    private static final String CELL_ID = "^[a-zA-Z0-9-_]{1,64}$";

    private final JsonObject json;

    private Notebook(JsonObject json) {
        this.json = json;
    }

    public static Notebook read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException for text that is not an nbformat-4 notebook, saying how to fix it */
    public static Notebook parse(String text) {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) throw new JsonParseException("top level is not a JSON object");
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("is not a valid notebook (JSON): " + e.getMessage()
                    + "; open it in Jupyter and save it again", e);
        }
        if (!root.has("nbformat") || root.get("nbformat").getAsInt() != 4
                || !root.has("cells") || !root.get("cells").isJsonArray()) {
            throw new IllegalArgumentException("is not an nbformat 4 notebook (needs \"nbformat\": 4 and \"cells\"); "
                    + "convert it with `jupyter nbconvert --to notebook` first");
        }
        return new Notebook(root);
    }

    public JsonObject json() {
        return json;
    }

    public JsonObject metadata() {
        if (!json.has("metadata") || !json.get("metadata").isJsonObject()) json.add("metadata", new JsonObject());
        return json.getAsJsonObject("metadata");
    }

    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (JsonElement e : json.getAsJsonArray("cells")) cells.add(new Cell(e.getAsJsonObject()));
        return cells;
    }

    public Notebook copy() {
        return new Notebook(json.deepCopy());
    }

    /**
     * Stamps nbformat_minor 5 and gives every cell a valid, unique id, as nbformat's upgrade does when
     * Jupyter opens an older notebook (the runner's output then validates as v4.5).
     */
    public void upgradeToV45() {
        if (!json.has("nbformat_minor") || json.get("nbformat_minor").getAsInt() < 5) json.addProperty("nbformat_minor", 5);
        metadata();
        Set<String> ids = new HashSet<>();
        for (Cell cell : cells()) {
            JsonObject c = cell.json();
            String id = c.has("id") && c.get("id").isJsonPrimitive() ? c.get("id").getAsString() : null;
            if (id == null || !id.matches(CELL_ID) || !ids.add(id)) c.addProperty("id", newCellId(ids));
            cell.metadata();
        }
    }

    /** Inserts a new code cell (Jupyter's layout, no outputs) before {@code index}; returns it. */
    public Cell insertCodeCell(int index, String source, List<String> tags) {
        JsonObject cell = new JsonObject();
        cell.addProperty("cell_type", "code");
        cell.add("execution_count", JsonNull.INSTANCE);
        cell.addProperty("id", newCellId(cellIds()));
        JsonObject meta = new JsonObject();
        JsonArray tagArray = new JsonArray();
        tags.forEach(tagArray::add);
        meta.add("tags", tagArray);
        cell.add("metadata", meta);
        cell.add("outputs", new JsonArray());
        cell.add("source", Multiline.lines(source));

        JsonArray old = json.getAsJsonArray("cells");
        JsonArray updated = new JsonArray();
        for (int i = 0; i < old.size(); i++) {
            if (i == index) updated.add(cell);
            updated.add(old.get(i));
        }
        if (index >= old.size()) updated.add(cell);
        json.add("cells", updated);
        return new Cell(cell);
    }

    private Set<String> cellIds() {
        Set<String> ids = new HashSet<>();
        for (Cell cell : cells()) if (cell.json().has("id")) ids.add(cell.json().get("id").getAsString());
        return ids;
    }

    private static String newCellId(Set<String> taken) {
        String id;
        do {
            id = UUID.randomUUID().toString().substring(0, 8);
        } while (!taken.add(id));
        return id;
    }

    /** The file's text as Jupyter writes it (see {@link NotebookJson}). */
    public String toText() {
        return NotebookJson.text(json);
    }

    /** Writes {@link #toText()} through a temp file and a rename, so a reader never sees half a notebook. */
    public void write(Path target) throws IOException {
        NotebookJson.write(json, target);
    }
}
