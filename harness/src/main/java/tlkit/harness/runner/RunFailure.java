package tlkit.harness.runner;

/** The first failing cell of a run, with the error Jupyter recorded for it. */
public record RunFailure(int cellIndex, String firstLine, CellStatus status, String ename, String evalue) {

    /** One line naming the cell, its first line and the error, for the console and exceptions. */
    public String describe() {
        String what = switch (status) {
            case TIMEOUT -> "timed out";
            case KERNEL_DIED -> "killed the kernel";
            default -> "failed";
        };
        return "cell " + cellIndex + " (`" + firstLine + "`) " + what + ": " + ename
                + (evalue == null || evalue.isBlank() ? "" : ": " + evalue);
    }
}
