package tlkit.harness.runner;

import com.google.gson.JsonArray;
import java.util.List;

/**
 * One cell of the executed notebook.
 *
 * @param index          index in the output notebook's cells (0-based; includes injected/extra cells)
 * @param cellType       code, markdown or raw
 * @param firstLine      first non-blank source line (for messages)
 * @param tags           cell metadata tags
 * @param extra          appended by {@link NotebookRunner.Builder#extraCells}, not part of the input notebook
 * @param status         what happened
 * @param executionCount Jupyter's execution_count, or null if not executed
 * @param outputs        the Jupyter outputs stored in the notebook (a copy)
 */
public record CellResult(int index, String cellType, String firstLine, List<String> tags, boolean extra,
                         CellStatus status, Integer executionCount, JsonArray outputs) {

    /** Concatenated text of the stream outputs with this name ("stdout" or "stderr"). */
    public String streamText(String name) {
        StringBuilder sb = new StringBuilder();
        outputs.forEach(o -> {
            var out = o.getAsJsonObject();
            if ("stream".equals(out.get("output_type").getAsString()) && name.equals(out.get("name").getAsString())) {
                out.getAsJsonArray("text").forEach(t -> sb.append(t.getAsString()));
            }
        });
        return sb.toString();
    }
}
