package tlkit.harness.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Outcome of running a notebook.
 *
 * @param output         the executed notebook that was written
 * @param cells          every cell of the output notebook, in order
 * @param failure        the first failing cell, if any (with allowErrors later cells may have run)
 * @param kernelExitCode exit code of the kernel JVM (-1 if it was killed by the runner)
 * @param elapsed        wall-clock time of the whole run
 */
public record RunResult(Path output, List<CellResult> cells, Optional<RunFailure> failure, int kernelExitCode,
                        Duration elapsed) {

    public boolean succeeded() {
        return failure.isEmpty();
    }

    public CellResult cell(int index) {
        return cells.get(index);
    }

    public List<CellResult> failedCells() {
        return cells.stream().filter(c -> c.status().failed()).toList();
    }
}
