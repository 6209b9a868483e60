package tlkit.harness.grading;

import java.time.Duration;

/**
 * Resource limits for one submission's child JVM.
 *
 * @param heapMb {@code -Xmx} of the child
 * @param residentMb the child's whole resident memory (heap + native tensors) at which it is killed
 * @param cellTimeout one cell's time budget; the cell is stopped after it
 * @param total wall clock for the whole submission, restarts included
 */
public record Limits(int heapMb, int residentMb, Duration cellTimeout, Duration total) {

    public static Limits defaults() {
        return new Limits(2048, 6144, Duration.ofMinutes(3), Duration.ofMinutes(15));
    }
}
