package tlkit.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Resident memory from Linux's /proc: a process's own high-water mark, or a live process tree's total. */
final class PeakMemory {

    private PeakMemory() {}

    /** VmHWM (peak resident set) of this process in KiB, or -1 where /proc is missing (macOS, Windows). */
    static long selfKib() {
        return field(Path.of("/proc/self/status"), "VmHWM:");
    }

    /** Current resident set (VmRSS) of process {@code pid} in KiB, 0 if it is gone. */
    static long rssKib(long pid) {
        return Math.max(0, field(Path.of("/proc/" + pid + "/status"), "VmRSS:"));
    }

    /** Current resident set of {@code handle} and all its descendants, in KiB. */
    static long treeRssKib(ProcessHandle handle) {
        long sum = rssKib(handle.pid());
        for (ProcessHandle d : handle.descendants().toList()) {
            sum += rssKib(d.pid());
        }
        return sum;
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
