package tlkit.harness.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one line a workload process prints for the parent, the same from Java and from python:
 * {@code BENCH-RESULT workload=... <TAB> engine=... <TAB> items=... <TAB> seconds=... <TAB> batch=...
 * <TAB> peak_rss_kib=... <TAB> note=...}.
 */
public record ResultLine(String workload, String engine, long items, double seconds, int batch, long peakRssKib,
        String note) {

    public static final String PREFIX = "BENCH-RESULT ";

    public String format() {
        return PREFIX + String.join("\t", "workload=" + workload, "engine=" + engine, "items=" + items,
                String.format(Locale.ROOT, "seconds=%.6f", seconds), "batch=" + batch, "peak_rss_kib=" + peakRssKib,
                "note=" + note.replace('\t', ' ').replace('\n', ' '));
    }

    /** The result line in a process's output, if it printed one. */
    public static Optional<ResultLine> find(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith(PREFIX)) {
                return Optional.of(parse(line.substring(PREFIX.length()).strip()));
            }
        }
        return Optional.empty();
    }

    static ResultLine parse(String fields) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String f : fields.split("\t")) {
            int eq = f.indexOf('=');
            if (eq > 0) {
                kv.put(f.substring(0, eq), f.substring(eq + 1));
            }
        }
        try {
            return new ResultLine(kv.get("workload"), kv.get("engine"), Long.parseLong(kv.get("items")),
                    Double.parseDouble(kv.get("seconds")), Integer.parseInt(kv.get("batch")),
                    Long.parseLong(kv.get("peak_rss_kib")), kv.getOrDefault("note", ""));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Malformed benchmark result line: " + fields, e);
        }
    }

    public double itemsPerSecond() {
        return seconds > 0 ? items / seconds : Double.NaN;
    }

    public double peakRssMib() {
        return peakRssKib / 1024.0;
    }
}
