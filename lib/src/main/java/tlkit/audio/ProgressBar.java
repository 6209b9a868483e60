package tlkit.audio;

import java.util.concurrent.atomic.AtomicInteger;

/** A one-line stdout progress bar, redrawn with '\r'; safe to call from parallel streams. */
final class ProgressBar {

    private static final int WIDTH = 30;
    private final String label;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final long start = System.nanoTime();
    private int lastPercent = -1;

    ProgressBar(String label, int total) {
        this.label = label;
        this.total = Math.max(1, total);
        draw(0);
    }

    void step() {
        int d = done.incrementAndGet();
        int percent = (int) (100L * d / total);
        synchronized (this) {
            if (percent > lastPercent) {
                draw(d);
            }
        }
    }

    private void draw(int d) {
        int percent = (int) (100L * d / total);
        lastPercent = percent;
        int filled = WIDTH * d / total;
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.print("\r" + label + " [" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                + d + "/" + total + String.format(" %.1f s", seconds));
        if (d >= total) {
            System.out.println();
        }
        System.out.flush();
    }
}
