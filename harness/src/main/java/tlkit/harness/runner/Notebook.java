package tlkit.harness.runner;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A Jupyter notebook (nbformat 4) as JSON, read and written the way Jupyter stores it (v4.5, cell ids). */
public final class Notebook {
    // Jupyter writes notebooks with a 1-space indent: saving a notebook in Jupyter then changes only what changed
    private static final Gson GSON = new GsonBuilder().setFormattingStyle(FormattingStyle.PRETTY.withIndent(" "))
            .disableHtmlEscaping().serializeNulls().create();
    private static final String CELL_ID = "^[a-zA-Z0-9-_]{1,64}$";

    private final JsonObject json;

    private Notebook(JsonObject json) {
        this.json = json;
    }

    public static Notebook read(Path file) throws IOException {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) throw new JsonParseException("top level is not a JSON object");
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(file + " is not a valid notebook (JSON): " + e.getMessage()
                    + "; open it in Jupyter and save it again", e);
        }
        if (!root.has("nbformat") || root.get("nbformat").getAsInt() != 4 || !root.has("cells")) {
            throw new IOException(file + " is not an nbformat 4 notebook (needs \"nbformat\": 4 and \"cells\"); "
                    + "convert it with `jupyter nbconvert --to notebook` first");
        }
        Notebook nb = new Notebook(root);
        nb.upgradeToV45();
        return nb;
    }

    /** Stamps nbformat_minor 5 and gives every cell a valid, unique id (as nbformat's upgrade does). */
    private void upgradeToV45() {
        if (!json.has("nbformat_minor") || json.get("nbformat_minor").getAsInt() < 5) json.addProperty("nbformat_minor", 5);
        if (!json.has("metadata") || !json.get("metadata").isJsonObject()) json.add("metadata", new JsonObject());
        Set<String> ids = new HashSet<>();
        for (JsonObject cell : cells()) {
            String id = cell.has("id") && cell.get("id").isJsonPrimitive() ? cell.get("id").getAsString() : null;
            if (id == null || !id.matches(CELL_ID) || !ids.add(id)) {
                id = newCellId(ids);
                cell.addProperty("id", id);
            }
            if (!cell.has("metadata") || !cell.get("metadata").isJsonObject()) cell.add("metadata", new JsonObject());
        }
    }

    String newCellId() {
        Set<String> ids = new HashSet<>();
        for (JsonObject cell : cells()) if (cell.has("id")) ids.add(cell.get("id").getAsString());
        return newCellId(ids);
    }

    private static String newCellId(Set<String> taken) {
        String id;
        do {
            id = UUID.randomUUID().toString().substring(0, 8);
        } while (!taken.add(id));
        return id;
    }

    public JsonObject json() {
        return json;
    }

    public List<JsonObject> cells() {
        List<JsonObject> cells = new ArrayList<>();
        for (JsonElement e : json.getAsJsonArray("cells")) cells.add(e.getAsJsonObject());
        return cells;
    }

    void insertCell(int index, JsonObject cell) {
        JsonArray old = json.getAsJsonArray("cells");
        JsonArray updated = new JsonArray();
        for (int i = 0; i < old.size(); i++) {
            if (i == index) updated.add(cell);
            updated.add(old.get(i));
        }
        if (index >= old.size()) updated.add(cell);
        json.add("cells", updated);
    }

    /** A cell's source as one string (Jupyter stores either a string or a list of lines). */
    public static String source(JsonObject cell) {
        return text(cell.get("source"));
    }

    /** A multiline string as one string: Jupyter stores text either whole or as a list of lines. */
    public static String text(JsonElement textOrLines) {
        if (textOrLines == null || textOrLines.isJsonNull()) return "";
        if (textOrLines.isJsonPrimitive()) return textOrLines.getAsString();
        StringBuilder sb = new StringBuilder();
        for (JsonElement line : textOrLines.getAsJsonArray()) sb.append(line.getAsString());
        return sb.toString();
    }

    static List<String> tags(JsonObject cell) {
        List<String> tags = new ArrayList<>();
        JsonObject meta = cell.has("metadata") && cell.get("metadata").isJsonObject() ? cell.getAsJsonObject("metadata") : null;
        if (meta != null && meta.has("tags") && meta.get("tags").isJsonArray()) {
            for (JsonElement t : meta.getAsJsonArray("tags")) tags.add(t.getAsString());
        }
        return tags;
    }

    /** A new code cell in Jupyter's layout (source as a list of lines). */
    JsonObject newCodeCell(String source, List<String> tags) {
        JsonObject cell = new JsonObject();
        cell.addProperty("cell_type", "code");
        cell.add("execution_count", JsonNull.INSTANCE);
        cell.addProperty("id", newCellId());
        JsonObject meta = new JsonObject();
        JsonArray tagArray = new JsonArray();
        tags.forEach(tagArray::add);
        meta.add("tags", tagArray);
        cell.add("metadata", meta);
        cell.add("outputs", new JsonArray());
        cell.add("source", multiline(source));
        return cell;
    }

    /** Jupyter's multiline string: a list of lines, each but the last ending in '\n'. */
    public static JsonArray multiline(String text) {
        JsonArray lines = new JsonArray();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }

    public static String firstLine(String source) {
        for (String line : source.split("\n")) {
            if (!line.isBlank()) return line.strip();
        }
        return "";
    }

    /** Writes to a temp file beside {@code target}, then renames it over the target. */
    public void write(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                GSON.toJson(json, w);
                w.write("\n");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
