package tlkit.data.catalog;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One status line per item, rewritten in place with '\r':
 * {@code pulling fsdd   1234/3001 files   12.3/21.1 MB   4.2 MB/s  [#####.....]}; conversion steps get
 * lines of their own ({@link #note}). Silent when the stream is null.
 */
final class Progress {

    private static final int BAR = 24;
    private static final long MIN_INTERVAL_NANOS = 150_000_000L;

    private final PrintStream out;
    private final String id;
    private final int totalFiles;
    private final long totalBytes;
    private int files;
    private long bytes;
    private long lastPrint;
    private final long start = System.nanoTime();

    Progress(PrintStream out, String id, int totalFiles, long totalBytes) {
        this.out = out;
        this.id = id;
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
    }

    void bytes(long n) {
        bytes += n;
        maybePrint();
    }

    void fileDone() {
        files++;
        maybePrint();
    }

    /** A line of its own (e.g. a conversion step and its time); the progress line continues below it. */
    void note(String message) {
        if (out != null) {
            String line = line();
            out.print("\r" + message + " ".repeat(Math.max(0, line.length() - message.length())) + "\n");
            out.flush();
        }
    }

    void finish(String suffix) {
        if (out != null) {
            out.print("\r" + line() + "  " + suffix + "\n");
            out.flush();
        }
    }

    private void maybePrint() {
        long now = System.nanoTime();
        if (out != null && now - lastPrint > MIN_INTERVAL_NANOS) {
            lastPrint = now;
            out.print("\r" + line());
            out.flush();
        }
    }

    private String line() {
        double frac = totalBytes == 0 ? 1 : Math.min(1.0, (double) bytes / totalBytes);
        int filled = (int) Math.round(frac * BAR);
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        return String.format(Locale.ROOT, "pulling %-26s %5d/%d files  %6.1f/%.1f MB %6.1f MB/s  [%s%s]", id, files, totalFiles,
                bytes / 1e6, totalBytes / 1e6, bytes / 1e6 / seconds, "#".repeat(filled), ".".repeat(BAR - filled));
    }
}
