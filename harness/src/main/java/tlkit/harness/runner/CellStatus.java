package tlkit.harness.runner;

/** What happened to one notebook cell during a run. */
public enum CellStatus {
    /** Code cell executed without error. */
    OK,
    /** Code cell raised a compilation or runtime error (an error output is recorded). */
    ERROR,
    /** Code cell exceeded the per-cell (or whole-run) time limit; the kernel was killed. */
    TIMEOUT,
    /** The kernel JVM died while running the cell (System.exit, crash, out of memory). */
    KERNEL_DIED,
    /** Code cell not executed because an earlier cell failed, or its source is empty. */
    NOT_EXECUTED,
    /** Markdown or raw cell: copied unchanged. */
    NOT_CODE;

    public boolean failed() {
        return this == ERROR || this == TIMEOUT || this == KERNEL_DIED;
    }
}
