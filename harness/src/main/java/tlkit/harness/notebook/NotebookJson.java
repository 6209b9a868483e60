package tlkit.harness.notebook;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one notebook writer: the text Jupyter saves (1-space indent, non-ASCII kept, no HTML escaping,
 * a final newline; keys in the notebook's order) with progress-bar frames in stream outputs collapsed to
 * what the screen showed last ({@link StreamText}). Saving in Jupyter then changes only what changed.
 */
final class NotebookJson {
    private NotebookJson() {}

    static String text(JsonObject notebook) {
        collapseProgressFrames(notebook);
        try {
            StringWriter w = new StringWriter();
            JsonWriter json = new JsonWriter(w);
            json.setIndent(" ");
            json.setHtmlSafe(false);
            json.setSerializeNulls(true);
            com.google.gson.internal.Streams.write(notebook, json);
            json.flush();
            return w + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes to a temp file beside {@code target}, then renames it over the target: no reader sees half a file. */
    static void write(JsonObject notebook, Path target) throws IOException {
        String text = text(notebook);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void collapseProgressFrames(JsonObject notebook) {
        for (JsonElement cell : notebook.getAsJsonArray("cells")) {
            JsonElement outputs = cell.getAsJsonObject().get("outputs");
            if (outputs == null || !outputs.isJsonArray()) continue;
            for (JsonElement output : outputs.getAsJsonArray()) {
                JsonObject o = output.getAsJsonObject();
                if (!o.has("output_type") || !"stream".equals(o.get("output_type").getAsString())) continue;
                String text = Multiline.text(o.get("text"));
                if (text.indexOf('\r') >= 0) o.add("text", Multiline.lines(StreamText.asJupyterStores(text)));
            }
        }
    }
}
