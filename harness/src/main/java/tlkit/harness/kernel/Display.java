package tlkit.harness.kernel;

import java.util.UUID;

/**
 * Runtime side of IJava's {@code display(...)} functions. The kernel session defines top-level methods
 * with IJava's signatures that call these; they write display_data outputs into the running cell.
 */
public final class Display {
    private static volatile CellRecorder current;

    private Display() {}

    static void attach(CellRecorder recorder) {
        current = recorder;
    }

    /** Shows {@code value} as a display_data output now; returns its display id. */
    public static String display(Object value) {
        String id = UUID.randomUUID().toString();
        recorder().add(CellOutcome.Output.displayData(Renderer.render(value), id));
        return id;
    }

    /** Replaces what an earlier {@link #display(Object)} in the same cell showed. */
    public static void updateDisplay(String displayId, Object value) {
        if (!recorder().update(displayId, Renderer.render(value))) {
            throw new IllegalArgumentException("no display with id " + displayId
                    + " in this cell; the runner can only update displays made by the running cell");
        }
    }

    private static CellRecorder recorder() {
        CellRecorder r = current;
        if (r == null) throw new IllegalStateException("display(...) called while no cell is running");
        return r;
    }
}
