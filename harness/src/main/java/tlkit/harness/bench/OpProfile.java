package tlkit.harness.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Self time per operator from a Chrome trace written by the libtorch profiler (both DJL's
 * {@code JniUtils.stopProfile} and PyTorch's {@code export_chrome_trace} write one): where the time of
 * a workload goes, op by op, so that a gap between the engines can be pinned on the ops that cause it.
 */
record OpProfile(Map<String, Double> selfMillis, Map<String, Integer> calls) {

    static OpProfile read(Path chromeTrace) throws IOException {
        JsonElement root = JsonParser.parseString(Files.readString(chromeTrace));
        JsonArray events = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("traceEvents");
        Map<String, List<JsonObject>> byThread = new HashMap<>();
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("dur") && "X".equals(o.has("ph") ? o.get("ph").getAsString() : "")) {
                byThread.computeIfAbsent(String.valueOf(o.get("tid")), k -> new ArrayList<>()).add(o);
            }
        }
        Map<String, Double> self = new HashMap<>();
        Map<String, Integer> calls = new HashMap<>();
        for (List<JsonObject> thread : byThread.values()) {
            thread.sort(Comparator.<JsonObject>comparingDouble(o -> o.get("ts").getAsDouble())
                    .thenComparing(o -> -o.get("dur").getAsDouble()));
            Deque<JsonObject> open = new ArrayDeque<>();
            for (JsonObject o : thread) {
                double ts = o.get("ts").getAsDouble();
                while (!open.isEmpty() && end(open.peek()) <= ts) {
                    open.pop();
                }
                double micros = o.get("dur").getAsDouble();
                if (!open.isEmpty()) { // a child's time is not its parent's own time
                    self.merge(open.peek().get("name").getAsString(), -micros / 1000, Double::sum);
                }
                String name = o.get("name").getAsString();
                self.merge(name, micros / 1000, Double::sum);
                calls.merge(name, 1, Integer::sum);
                open.push(o);
            }
        }
        return new OpProfile(self, calls);
    }

    private static double end(JsonObject o) {
        return o.get("ts").getAsDouble() + o.get("dur").getAsDouble();
    }

    double totalMillis() {
        return selfMillis.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The ops that take most self time in either profile, side by side, as a markdown table. */
    static String compare(OpProfile kit, OpProfile torch, int top) {
        Set<String> ops = new LinkedHashSet<>();
        for (OpProfile p : List.of(kit, torch)) {
            p.selfMillis.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(top).forEach(e -> ops.add(e.getKey()));
        }
        StringBuilder sb = new StringBuilder("| op | calls | kit ms | PyTorch ms | kit ÷ PyTorch |\n|---|---:|---:|---:|---:|\n");
        for (String op : ops) {
            double k = kit.selfMillis.getOrDefault(op, 0.0);
            double t = torch.selfMillis.getOrDefault(op, 0.0);
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %s |%n", op, kit.calls.getOrDefault(op, 0),
                    k, t, t > 0 ? String.format(Locale.ROOT, "%.2f×", k / t) : "–"));
        }
        sb.append(String.format(Locale.ROOT, "| all profiled ops | | %.1f | %.1f | %.2f× |%n", kit.totalMillis(),
                torch.totalMillis(), kit.totalMillis() / torch.totalMillis()));
        return sb.toString();
    }
}
