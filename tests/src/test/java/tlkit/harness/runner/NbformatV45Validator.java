package tlkit.harness.runner;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a notebook against the nbformat v4.5 JSON schema, rule by rule as the schema states them
 * (no python jsonschema/nbformat is guaranteed on the build machines): required keys and
 * additionalProperties=false per cell and output type, field types, cell id pattern and uniqueness,
 * tag rules, multiline strings, mimebundles.
 */
public final class NbformatV45Validator {
    private final List<String> problems = new ArrayList<>();

    public static List<String> validate(Path file) throws IOException {
        NbformatV45Validator v = new NbformatV45Validator();
        v.notebook(JsonParser.parseString(Files.readString(file)));
        return v.problems;
    }

    private void notebook(JsonElement e) {
        JsonObject nb = object(e, "$");
        if (nb == null) return;
        keys(nb, "$", Set.of("metadata", "nbformat_minor", "nbformat", "cells"), Set.of("metadata", "nbformat_minor", "nbformat", "cells"));
        if (nb.has("nbformat") && !isInt(nb.get("nbformat"), 4, 4)) fail("$.nbformat", "must be the integer 4");
        if (nb.has("nbformat_minor") && !isInt(nb.get("nbformat_minor"), 5, Integer.MAX_VALUE)) fail("$.nbformat_minor", "must be an integer >= 5");
        JsonObject meta = nb.has("metadata") ? object(nb.get("metadata"), "$.metadata") : null;
        if (meta != null && meta.has("kernelspec")) {
            JsonObject ks = object(meta.get("kernelspec"), "$.metadata.kernelspec");
            if (ks != null) {
                required(ks, "$.metadata.kernelspec", Set.of("name", "display_name"));
                string(ks, "name", "$.metadata.kernelspec");
                string(ks, "display_name", "$.metadata.kernelspec");
            }
        }
        if (meta != null && meta.has("language_info")) {
            JsonObject li = object(meta.get("language_info"), "$.metadata.language_info");
            if (li != null) {
                required(li, "$.metadata.language_info", Set.of("name"));
                string(li, "name", "$.metadata.language_info");
            }
        }
        if (!nb.has("cells")) return;
        if (!nb.get("cells").isJsonArray()) {
            fail("$.cells", "must be an array");
            return;
        }
        JsonArray cells = nb.getAsJsonArray("cells");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < cells.size(); i++) cell(cells.get(i), "$.cells[" + i + "]", ids);
    }

    private void cell(JsonElement e, String path, Set<String> ids) {
        JsonObject cell = object(e, path);
        if (cell == null) return;
        String type = cell.has("cell_type") && cell.get("cell_type").isJsonPrimitive() ? cell.get("cell_type").getAsString() : null;
        if (type == null) {
            fail(path, "has no cell_type");
            return;
        }
        switch (type) {
            case "markdown", "raw" -> keys(cell, path, Set.of("id", "cell_type", "metadata", "attachments", "source"),
                    Set.of("id", "cell_type", "metadata", "source"));
            case "code" -> keys(cell, path, Set.of("id", "cell_type", "metadata", "source", "outputs", "execution_count"),
                    Set.of("id", "cell_type", "metadata", "source", "outputs", "execution_count"));
            default -> {
                fail(path + ".cell_type", "'" + type + "' is not raw, markdown or code");
                return;
            }
        }
        if (cell.has("id")) {
            JsonElement id = cell.get("id");
            if (!id.isJsonPrimitive() || !id.getAsJsonPrimitive().isString() || !id.getAsString().matches("^[a-zA-Z0-9-_]{1,64}$")) {
                fail(path + ".id", "must be a string of 1-64 characters [a-zA-Z0-9-_]");
            } else if (!ids.add(id.getAsString())) {
                fail(path + ".id", "duplicate cell id " + id.getAsString());
            }
        }
        if (cell.has("source")) multiline(cell.get("source"), path + ".source");
        if (cell.has("metadata")) cellMetadata(cell.get("metadata"), path + ".metadata");
        if (cell.has("attachments")) {
            JsonObject att = object(cell.get("attachments"), path + ".attachments");
            if (att != null) att.entrySet().forEach(en -> mimebundle(en.getValue(), path + ".attachments." + en.getKey()));
        }
        if (type.equals("code")) {
            if (cell.has("execution_count")) executionCount(cell.get("execution_count"), path + ".execution_count");
            if (cell.has("outputs")) {
                if (!cell.get("outputs").isJsonArray()) {
                    fail(path + ".outputs", "must be an array");
                } else {
                    JsonArray outs = cell.getAsJsonArray("outputs");
                    for (int i = 0; i < outs.size(); i++) output(outs.get(i), path + ".outputs[" + i + "]");
                }
            }
        }
    }

    private void cellMetadata(JsonElement e, String path) {
        JsonObject meta = object(e, path);
        if (meta == null) return;
        if (meta.has("tags")) {
            JsonElement tags = meta.get("tags");
            if (!tags.isJsonArray()) {
                fail(path + ".tags", "must be an array");
            } else {
                Set<String> seen = new HashSet<>();
                for (JsonElement t : tags.getAsJsonArray()) {
                    if (!isString(t) || t.getAsString().isEmpty() || t.getAsString().contains(",")) fail(path + ".tags", "tag " + t + " must be a non-empty string without commas");
                    else if (!seen.add(t.getAsString())) fail(path + ".tags", "duplicate tag " + t);
                }
            }
        }
        if (meta.has("name") && (!isString(meta.get("name")) || meta.get("name").getAsString().isEmpty())) fail(path + ".name", "must be a non-empty string");
        if (meta.has("collapsed") && !isBoolean(meta.get("collapsed"))) fail(path + ".collapsed", "must be a boolean");
        if (meta.has("scrolled")) {
            JsonElement s = meta.get("scrolled");
            if (!isBoolean(s) && !(isString(s) && s.getAsString().equals("auto"))) fail(path + ".scrolled", "must be true, false or \"auto\"");
        }
    }

    private void output(JsonElement e, String path) {
        JsonObject out = object(e, path);
        if (out == null) return;
        String type = out.has("output_type") && isString(out.get("output_type")) ? out.get("output_type").getAsString() : null;
        if (type == null) {
            fail(path, "has no output_type");
            return;
        }
        switch (type) {
            case "execute_result" -> {
                keys(out, path, Set.of("output_type", "data", "metadata", "execution_count"), Set.of("output_type", "data", "metadata", "execution_count"));
                if (out.has("execution_count")) executionCount(out.get("execution_count"), path + ".execution_count");
                if (out.has("data")) mimebundle(out.get("data"), path + ".data");
                if (out.has("metadata")) object(out.get("metadata"), path + ".metadata");
            }
            case "display_data" -> {
                keys(out, path, Set.of("output_type", "data", "metadata"), Set.of("output_type", "data", "metadata"));
                if (out.has("data")) mimebundle(out.get("data"), path + ".data");
                if (out.has("metadata")) object(out.get("metadata"), path + ".metadata");
            }
            case "stream" -> {
                keys(out, path, Set.of("output_type", "name", "text"), Set.of("output_type", "name", "text"));
                string(out, "name", path);
                if (out.has("text")) multiline(out.get("text"), path + ".text");
            }
            case "error" -> {
                keys(out, path, Set.of("output_type", "ename", "evalue", "traceback"), Set.of("output_type", "ename", "evalue", "traceback"));
                string(out, "ename", path);
                string(out, "evalue", path);
                if (out.has("traceback")) {
                    if (!out.get("traceback").isJsonArray()) fail(path + ".traceback", "must be an array");
                    else out.getAsJsonArray("traceback").forEach(t -> {
                        if (!isString(t)) fail(path + ".traceback", "entry " + t + " is not a string");
                    });
                }
            }
            default -> fail(path + ".output_type", "'" + type + "' is not execute_result, display_data, stream or error");
        }
    }

    private void mimebundle(JsonElement e, String path) {
        JsonObject data = object(e, path);
        if (data == null) return;
        for (var en : data.entrySet()) {
            if (en.getKey().matches("^application/(.*\\+)?json$")) continue; // any JSON value
            multiline(en.getValue(), path + "." + en.getKey());
        }
    }

    private void executionCount(JsonElement e, String path) {
        if (!e.isJsonNull() && !isInt(e, 0, Integer.MAX_VALUE)) fail(path, "must be null or an integer >= 0");
    }

    private void multiline(JsonElement e, String path) {
        if (isString(e)) return;
        if (e.isJsonArray()) {
            for (JsonElement line : e.getAsJsonArray()) if (!isString(line)) fail(path, "array entry " + line + " is not a string");
            return;
        }
        fail(path, "must be a string or an array of strings");
    }

    private void keys(JsonObject o, String path, Set<String> allowed, Set<String> required) {
        for (String k : o.keySet()) if (!allowed.contains(k)) fail(path, "has key '" + k + "' that the schema does not allow");
        required(o, path, required);
    }

    private void required(JsonObject o, String path, Set<String> required) {
        for (String k : required) if (!o.has(k)) fail(path, "misses required key '" + k + "'");
    }

    private void string(JsonObject o, String key, String path) {
        if (o.has(key) && !isString(o.get(key))) fail(path + "." + key, "must be a string");
    }

    private JsonObject object(JsonElement e, String path) {
        if (e == null || !e.isJsonObject()) {
            fail(path, "must be an object");
            return null;
        }
        return e.getAsJsonObject();
    }

    private static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static boolean isBoolean(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean();
    }

    private static boolean isInt(JsonElement e, long min, long max) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) return false;
        double d = e.getAsDouble();
        return d == Math.rint(d) && d >= min && d <= max;
    }

    private void fail(String path, String what) {
        problems.add(path + " " + what);
    }
}
