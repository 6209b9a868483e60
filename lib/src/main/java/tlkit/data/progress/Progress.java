package tlkit.data.progress;

import java.io.PrintStream;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The kit's one progress line: a status line rewritten in place with {@code '\r'} while work runs (at most
 * about five times a second), and a final line ending with a newline. Works in terminals and in Jupyter,
 * whose notebook files keep only the last {@code '\r'} frame of a line. A shorter frame is padded with
 * spaces so no tail of a longer earlier frame stays visible. Safe to call from parallel streams.
 *
 * <pre>{@code
 * Progress progress = new Progress(true);
 * for (...) progress.update("features: " + done + "/" + n);   // "\rfeatures: 64/500"
 * progress.done("features: " + n + "/" + n + "  3.2s");         // "\rfeatures: 500/500  3.2s\n"
 * }</pre>
 *
 * <p>A package of its own at the bottom of the data layer, so that both {@code tlkit.data} and
 * {@code tlkit.data.catalog} (which {@code tlkit.data} uses) can print progress without a package cycle.
 */
public final class Progress {

    /** Shortest time between two {@link #update} frames. */
    public static final long MIN_INTERVAL_NANOS = 200_000_000L;

    private final Supplier<PrintStream> out;
    private final long minIntervalNanos;
    private final LongSupplier clock;
    private boolean printedAny;
    private long lastPrint;
    private int lastLength;

    /** Prints on {@code System.out} (as it is when printing) if {@code enabled}, else nothing. */
    public Progress(boolean enabled) {
        this(enabled ? () -> System.out : () -> null, MIN_INTERVAL_NANOS, System::nanoTime);
    }

    /** Prints on {@code out}; silent when {@code out} is null. */
    public Progress(PrintStream out) {
        this(() -> out, MIN_INTERVAL_NANOS, System::nanoTime);
    }

    Progress(Supplier<PrintStream> out, long minIntervalNanos, LongSupplier clock) {
        this.out = out;
        this.minIntervalNanos = minIntervalNanos;
        this.clock = clock;
    }

    /** Redraws the line as {@code line}, unless the last frame was drawn less than 0.2 s ago. */
    public void update(String line) {
        update(() -> line);
    }

    /** As {@link #update(String)}, building the line only when it is drawn (for very frequent updates). */
    public synchronized void update(Supplier<String> line) {
        PrintStream o = out.get();
        long now = clock.getAsLong();
        if (o == null || (printedAny && now - lastPrint < minIntervalNanos)) {
            return;
        }
        printedAny = true;
        lastPrint = now;
        draw(o, line.get());
        o.flush();
    }

    /**
     * A line of its own (e.g. a step that finished and its time), printed over the current frame and ended
     * with a newline; the progress line continues below it at the next {@link #update}.
     */
    public synchronized void note(String message) {
        PrintStream o = out.get();
        if (o != null) {
            draw(o, message);
            o.print('\n');
            o.flush();
            lastLength = 0;
        }
    }

    /** The final line: always printed, ended with a newline. The object may be reused for another line. */
    public synchronized void done(String line) {
        PrintStream o = out.get();
        if (o != null) {
            draw(o, line);
            o.print('\n');
            o.flush();
            lastLength = 0;
            printedAny = false;
        }
    }

    private void draw(PrintStream o, String line) {
        String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
        o.print("\r" + line + pad);
        lastLength = line.length();
    }
}
