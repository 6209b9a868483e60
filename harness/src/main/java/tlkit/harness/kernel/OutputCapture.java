package tlkit.harness.kernel;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Routes {@code System.out}, {@code System.err} and {@code display(...)} into the running cell's
 * {@link CellRecorder}, and every byte on to a console as it comes (the runner's terminal; nowhere when grading).
 * Output while no cell runs reaches only the console.
 */
public final class OutputCapture {
    private final PrintStream out;
    private final PrintStream err;
    private volatile CellRecorder current;

    public OutputCapture(OutputStream consoleOut, OutputStream consoleErr) {
        this.out = new PrintStream(new TeeOutputStream(consoleOut, "stdout", () -> current), true, StandardCharsets.UTF_8);
        this.err = new PrintStream(new TeeOutputStream(consoleErr, "stderr", () -> current), true, StandardCharsets.UTF_8);
    }

    /** Points System.out and System.err at this capture (again, after code replaced them). */
    public void install() {
        System.setOut(out);
        System.setErr(err);
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** Starts recording a new cell's outputs. */
    public CellRecorder begin() {
        CellRecorder recorder = new CellRecorder();
        current = recorder;
        Display.attach(recorder);
        return recorder;
    }

    /** Stops recording (flushing what is buffered into the cell first). */
    public void end() {
        out.flush();
        err.flush();
        current = null;
    }

    /** The recorder of the running cell, or null; a runner that gives up on a cell detaches it here first. */
    public CellRecorder detach() {
        CellRecorder r = current;
        current = null;
        return r;
    }
}
