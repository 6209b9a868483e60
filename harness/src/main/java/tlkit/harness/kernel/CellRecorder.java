package tlkit.harness.kernel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects the outputs of the cell that is running, in order. Consecutive writes to the same stream
 * merge into one stream output, as Jupyter does. Synchronized: notebook code may print from any thread.
 */
public final class CellRecorder {
    private final List<Object> parts = new ArrayList<>(); // StreamPart or CellOutcome.Output

    private static final class StreamPart {
        final String name;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        StreamPart(String name) {
            this.name = name;
        }
    }

    synchronized void write(String stream, byte[] b, int off, int len) {
        if (len == 0) return;
        StreamPart part = parts.isEmpty() ? null
                : parts.get(parts.size() - 1) instanceof StreamPart s && s.name.equals(stream) ? s : null;
        if (part == null) {
            part = new StreamPart(stream);
            parts.add(part);
        }
        part.bytes.write(b, off, len);
    }

    public synchronized void add(CellOutcome.Output output) {
        parts.add(output);
    }

    /** Replaces the data of an earlier display_data output of this cell (IJava's updateDisplay). */
    synchronized boolean update(String displayId, Map<String, String> data) {
        boolean found = false;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof CellOutcome.Output o && displayId.equals(o.displayId())) {
                parts.set(i, o.withData(data));
                found = true;
            }
        }
        return found;
    }

    public synchronized List<CellOutcome.Output> snapshot() {
        List<CellOutcome.Output> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof StreamPart s) {
                out.add(CellOutcome.Output.stream(s.name, s.bytes.toString(StandardCharsets.UTF_8)));
            } else {
                out.add((CellOutcome.Output) p);
            }
        }
        return out;
    }
}
