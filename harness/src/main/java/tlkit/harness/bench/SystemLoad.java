package tlkit.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The 1/5/15-minute load averages from /proc/loadavg (NaN where there is none). */
final class SystemLoad {

    private SystemLoad() {}

    static double oneMinute() {
        String[] f = fields();
        return f == null ? Double.NaN : Double.parseDouble(f[0]);
    }

    /** "1.23 / 0.98 / 0.76 (1/5/15 min)" or "unknown". */
    static String describe() {
        String[] f = fields();
        return f == null ? "unknown" : f[0] + " / " + f[1] + " / " + f[2] + " (1/5/15 min)";
    }

    private static String[] fields() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
