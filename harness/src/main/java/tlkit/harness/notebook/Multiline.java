package tlkit.harness.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

/** Jupyter's multiline strings: stored either whole or as a list of lines, each but the last ending in '\n'. */
public final class Multiline {
    private Multiline() {}

    /** The text as the list of lines Jupyter writes. */
    public static JsonArray lines(String text) {
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

    /** The text, whichever way it is stored ("" for none). */
    public static String text(JsonElement textOrLines) {
        if (textOrLines == null || textOrLines.isJsonNull()) return "";
        if (textOrLines.isJsonPrimitive()) return textOrLines.getAsString();
        StringBuilder sb = new StringBuilder();
        for (JsonElement line : textOrLines.getAsJsonArray()) sb.append(line.getAsString());
        return sb.toString();
    }
}
