package tlkit.harness.kernel;

import java.util.List;

/** A cell failed the way IJava reports it: ename/evalue/traceback of a Jupyter error output. */
public final class CellFailure extends Exception {
    final String ename;
    final String evalue;
    final List<String> traceback;

    CellFailure(String ename, String evalue, List<String> traceback) {
        super(ename + ": " + evalue);
        this.ename = ename;
        this.evalue = evalue == null ? "" : evalue;
        this.traceback = List.copyOf(traceback);
    }

    public CellOutcome.Output toOutput() {
        return CellOutcome.Output.error(ename, evalue, traceback);
    }

    /** The traceback without source echoes and stack frames: what went wrong, in a few lines. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        for (String line : traceback) {
            if (line.startsWith("|") || line.startsWith("\tat ") || line.isBlank()) continue;
            s.append(line).append('\n');
        }
        return s.length() == 0 ? ename + ": " + evalue : s.toString().strip();
    }
}
