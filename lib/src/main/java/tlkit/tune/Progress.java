package tlkit.tune;

/** One stdout line rewritten in place with '\r' (works in terminals and Jupyter), at most ~5 times a second. */
final class Progress {

    private final boolean enabled;
    private long lastPrint;
    private int lastLength;

    Progress(boolean enabled) {
        this.enabled = enabled;
    }

    void update(String line) {
        long now = System.nanoTime();
        if (!enabled || now - lastPrint < 200_000_000L) {
            return;
        }
        lastPrint = now;
        print(line);
        System.out.flush();
    }

    void done(String line) {
        if (enabled) {
            print(line);
            System.out.println();
            System.out.flush();
            lastLength = 0;
            lastPrint = 0;
        }
    }

    private void print(String line) {
        String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
        System.out.print("\r" + line + pad);
        lastLength = line.length();
    }
}
