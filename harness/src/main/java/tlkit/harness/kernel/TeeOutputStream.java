package tlkit.harness.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * Forwards every byte live to the real console (so '\r' progress bars stay visible while a cell runs)
 * and records it into the current cell's outputs.
 */
final class TeeOutputStream extends OutputStream {
    private final OutputStream console;
    private final String streamName;
    private final Supplier<CellRecorder> currentCell;

    TeeOutputStream(OutputStream console, String streamName, Supplier<CellRecorder> currentCell) {
        this.console = console;
        this.streamName = streamName;
        this.currentCell = currentCell;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        console.write(b, off, len);
        console.flush();
        CellRecorder recorder = currentCell.get();
        if (recorder != null) recorder.write(streamName, b, off, len);
    }

    @Override
    public void flush() throws IOException {
        console.flush();
    }
}
