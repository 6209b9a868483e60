package tlkit.data.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Progress progress = new Progress(() -> out, Progress.MIN_INTERVAL_NANOS, now::get);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void later(double seconds) {
        now.addAndGet((long) (seconds * 1e9));
    }

    @Test
    void framesAreRewrittenInPlaceAtMostFiveTimesASecondAndTheLastEndsTheLine() {
        progress.update("epoch 1: 1/4");  // the first frame is drawn at once
        later(0.05);
        progress.update("epoch 1: 2/4");  // too soon: skipped
        later(0.2);
        progress.update("epoch 1: 3/4 loss 0.51");
        later(0.3);
        progress.update("epoch 1: 4/4");  // shorter: padded so no tail of the last frame stays
        progress.done("epoch 1 done");    // always drawn
        assertEquals("\repoch 1: 1/4"
                + "\repoch 1: 3/4 loss 0.51"
                + "\repoch 1: 4/4          "
                + "\repoch 1 done\n", printed());
    }

    @Test
    void doneStartsAFreshLineWhoseFirstFrameIsDrawnAtOnce() {
        progress.update("a 1/2");
        progress.done("a 2/2");
        progress.update("b 1/2");
        progress.done("b 2/2");
        assertEquals("\ra 1/2\ra 2/2\n\rb 1/2\rb 2/2\n", printed());
    }

    @Test
    void aNoteGetsALineOfItsOwnAndTheProgressLineContinuesBelow() {
        progress.update("pulling x 1/3 files");
        progress.note("  derived y");
        later(1);
        progress.update(() -> "pulling x 2/3 files");
        progress.done("pulling x 3/3 files  done");
        assertEquals("\rpulling x 1/3 files\r  derived y        \n\rpulling x 2/3 files\rpulling x 3/3 files  done\n",
                printed());
    }

    @Test
    void disabledOrNullStreamPrintsNothingAndBuildsNoLine() {
        PrintStream saved = System.out;
        System.setOut(out);
        try {
            Progress off = new Progress(false);
            off.update(() -> {
                throw new AssertionError("built a line nobody sees");
            });
            off.done("x");
            new Progress((PrintStream) null).done("y");
            new Progress(true).done("z");
        } finally {
            System.setOut(saved);
        }
        assertEquals("\rz\n", printed());
    }
}
