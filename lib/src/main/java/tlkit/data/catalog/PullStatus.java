package tlkit.data.catalog;

import java.io.PrintStream;
import java.util.Locale;
import tlkit.data.progress.Progress;

/**
 * The status line of one item's pull, counted in files and bytes and drawn with {@link Progress}:
 * {@code pulling fsdd   1234/3001 files   12.3/21.1 MB   4.2 MB/s  [#####.....]}; conversion steps get
 * lines of their own ({@link #note}). Silent when the stream is null.
 */
final class PullStatus {

    private static final int BAR = 24;

    private final Progress progress;
    private final String id;
    private final int totalFiles;
    private final long totalBytes;
    private int files;
    private long bytes;
    private final long start = System.nanoTime();

    PullStatus(PrintStream out, String id, int totalFiles, long totalBytes) {
        this.progress = new Progress(out);
        this.id = id;
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
    }

    void bytes(long n) {
        bytes += n;
        progress.update(this::line);
    }

    void fileDone() {
        files++;
        progress.update(this::line);
    }

    /** A line of its own (e.g. a conversion step and its time); the status line continues below it. */
    void note(String message) {
        progress.note(message);
    }

    void finish(String suffix) {
        progress.done(line() + "  " + suffix);
    }

    private String line() {
        double frac = totalBytes == 0 ? 1 : Math.min(1.0, (double) bytes / totalBytes);
        int filled = (int) Math.round(frac * BAR);
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        return String.format(Locale.ROOT, "pulling %-26s %5d/%d files  %6.1f/%.1f MB %6.1f MB/s  [%s%s]", id, files, totalFiles,
                bytes / 1e6, totalBytes / 1e6, bytes / 1e6 / seconds, "#".repeat(filled), ".".repeat(BAR - filled));
    }
}
