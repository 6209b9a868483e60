package tlkit.harness.runner;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import tlkit.harness.notebook.Multiline;
import tlkit.harness.notebook.StreamText;
import tlkit.harness.kernel.CellOutcome;

/** Kernel outputs in the exact JSON shape Jupyter stores (nbformat 4 output types, keys in Jupyter's order). */
final class OutputJson {
    private OutputJson() {}

    static JsonArray toJson(List<CellOutcome.Output> outputs, int executionCount) {
        JsonArray array = new JsonArray();
        for (CellOutcome.Output o : outputs) {
            array.add(switch (o.type()) {
                case "stream" -> stream(o.streamName(), o.text());
                case "execute_result" -> {
                    JsonObject j = new JsonObject();
                    j.add("data", mimeBundle(o.data()));
                    j.addProperty("execution_count", executionCount);
                    j.add("metadata", new JsonObject());
                    j.addProperty("output_type", "execute_result");
                    yield j;
                }
                case "display_data" -> {
                    JsonObject j = new JsonObject();
                    j.add("data", mimeBundle(o.data()));
                    j.add("metadata", new JsonObject());
                    j.addProperty("output_type", "display_data");
                    yield j;
                }
                case "error" -> error(o.ename(), o.evalue(), o.traceback());
                default -> throw new IllegalStateException("unknown output type from kernel: " + o.type());
            });
        }
        return array;
    }

    static JsonObject stream(String name, String text) {
        JsonObject j = new JsonObject();
        j.addProperty("name", name);
        j.addProperty("output_type", "stream");
        j.add("text", Multiline.lines(StreamText.asJupyterStores(text)));
        return j;
    }

    static JsonObject error(String ename, String evalue, List<String> traceback) {
        JsonObject j = new JsonObject();
        j.addProperty("ename", ename);
        j.addProperty("evalue", evalue == null ? "" : evalue);
        j.addProperty("output_type", "error");
        JsonArray tb = new JsonArray();
        traceback.forEach(tb::add);
        j.add("traceback", tb);
        return j;
    }

    /** Text types as lists of lines (as Jupyter writes them); base64 images as one string. */
    private static JsonObject mimeBundle(Map<String, String> data) {
        JsonObject j = new JsonObject();
        data.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (e.getKey().startsWith("text/")) j.add(e.getKey(), Multiline.lines(e.getValue()));
            else j.addProperty(e.getKey(), e.getValue());
        });
        return j;
    }
}
