package tlkit.harness.runner.kernel;

import java.util.List;

/** A cell failed the way IJava reports it: ename/evalue/traceback of a Jupyter error output. */
final class CellFailure extends Exception {
    final String ename;
    final String evalue;
    final List<String> traceback;

    CellFailure(String ename, String evalue, List<String> traceback) {
        super(ename + ": " + evalue);
        this.ename = ename;
        this.evalue = evalue == null ? "" : evalue;
        this.traceback = List.copyOf(traceback);
    }

    CellOutcome.Output toOutput() {
        return CellOutcome.Output.error(ename, evalue, traceback);
    }
}
