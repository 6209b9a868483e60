package tlkit.harness.kernels;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tlkit.harness.notebook.Multiline;
import tlkit.harness.notebook.Notebook;
import tlkit.harness.notebook.StreamText;

/**
 * An executed notebook as a reader sees it: per code cell, whether it raised, which kinds of output it
 * shows, and its text — consecutive stream chunks joined and carriage-return frames collapsed the way
 * Jupyter's front ends show (and save) them. Kernels split streams differently; a reader cannot tell.
 */
record ExecutedNotebook(List<Cell> cells) {

    /**
     * DJL's finalizer warns about a model that was garbage-collected unclosed: when (and in which cell)
     * depends on the JVM's collector, not on the notebook, so no two runs agree on it.
     */
    private static final Pattern GC_TIMED_WARNING =
            Pattern.compile("(?m)^WARN ai\\.djl\\.BaseModel - Model: .* was not closed explicitly\\.\\R");

    /**
     * @param kinds   output kinds in order of first appearance, e.g. {@code stream:stdout},
     *                {@code display_data:image/png+text/plain}; stderr is left out (each kernel writes its own warnings there)
     * @param text    stdout text and the text/plain of results without a picture
     */
    record Cell(int index, String firstLine, String error, List<String> kinds, String text) {
        boolean failed() {
            return error != null;
        }
    }

    static ExecutedNotebook read(Path file) throws IOException {
        List<Cell> cells = new ArrayList<>();
        List<tlkit.harness.notebook.Cell> all = Notebook.read(file).cells();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).isCode()) {
                cells.add(cell(i, all.get(i)));
            }
        }
        return new ExecutedNotebook(cells);
    }

    private static Cell cell(int index, tlkit.harness.notebook.Cell view) {
        JsonObject c = view.json();
        Set<String> kinds = new LinkedHashSet<>();
        StringBuilder text = new StringBuilder();
        StringBuilder stdout = new StringBuilder();
        String error = null;
        for (JsonElement e : c.getAsJsonArray("outputs")) {
            JsonObject o = e.getAsJsonObject();
            String type = o.get("output_type").getAsString();
            if (type.equals("stream")) {
                if (o.get("name").getAsString().equals("stdout")) {
                    String chunk = GC_TIMED_WARNING.matcher(Multiline.text(o.get("text"))).replaceAll("");
                    if (!chunk.isEmpty()) {
                        kinds.add("stream:stdout");
                        stdout.append(chunk);
                    }
                }
                continue;
            }
            text.append(StreamText.asJupyterStores(stdout.toString()));
            stdout.setLength(0);
            if (type.equals("error")) {
                error = o.get("ename").getAsString() + ": " + o.get("evalue").getAsString();
                kinds.add("error");
                continue;
            }
            JsonObject data = o.getAsJsonObject("data");
            kinds.add(type + ":" + String.join("+", data.keySet().stream().sorted().toList()));
            boolean picture = data.keySet().stream().anyMatch(k -> k.startsWith("image/"));
            if (!picture && data.has("text/plain")) {
                text.append(Multiline.text(data.get("text/plain"))).append('\n');
            }
        }
        text.append(StreamText.asJupyterStores(stdout.toString()));
        return new Cell(index, view.firstLine(), error, List.copyOf(kinds), text.toString());
    }
}
