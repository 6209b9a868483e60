package tlkit.harness.runner.kernel;

import java.io.Serializable;
import java.util.List;

/**
 * What the parent asks the child kernel JVM to execute. Travels as a Java-serialized file so the child
 * needs no JSON library on its classpath (anything on that classpath is visible to notebook code).
 *
 * @param cells          code cells in execution order
 * @param cellTimeoutMs  per-cell limit; 0 or negative = no limit
 * @param allowErrors    keep executing after a failing cell
 * @param resultDir      folder where the child writes one result file per finished cell
 */
public record KernelJob(List<CellJob> cells, long cellTimeoutMs, boolean allowErrors, String resultDir)
        implements Serializable {

    /** One code cell: its index in the output notebook and its source. */
    public record CellJob(int notebookIndex, String source) implements Serializable {}
}
