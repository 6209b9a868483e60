package tlkit.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A process's own peak resident memory, from Linux's /proc. */
final class PeakMemory {

    private PeakMemory() {}

    /** VmHWM (peak resident set) of this process in KiB, or -1 where /proc is missing (macOS, Windows). */
    static long selfKib() {
        return field(Path.of("/proc/self/status"), "VmHWM:");
    }

    private static long field(Path status, String name) {
        try {
            List<String> lines = Files.readAllLines(status);
            for (String line : lines) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended or this is not Linux: no number
        }
        return -1;
    }
}
