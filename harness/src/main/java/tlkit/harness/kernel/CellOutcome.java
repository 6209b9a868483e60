package tlkit.harness.kernel;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** What executing one cell produced, in the order Jupyter would record it. */
public record CellOutcome(int notebookIndex, int executionCount, Status status, List<Output> outputs)
        implements Serializable {

    public enum Status { OK, ERROR, TIMEOUT, KERNEL_DIED }

    /** One Jupyter output; which fields are used depends on {@link #type()}. */
    public record Output(String type, String streamName, String text, Map<String, String> data,
                         String displayId, String ename, String evalue, List<String> traceback)
            implements Serializable {

        public static Output stream(String name, String text) {
            return new Output("stream", name, text, null, null, null, null, null);
        }

        public static Output executeResult(Map<String, String> data) {
            return new Output("execute_result", null, null, data, null, null, null, null);
        }

        public static Output displayData(Map<String, String> data, String displayId) {
            return new Output("display_data", null, null, data, displayId, null, null, null);
        }

        public static Output error(String ename, String evalue, List<String> traceback) {
            return new Output("error", null, null, null, null, ename, evalue, List.copyOf(traceback));
        }

        public Output withData(Map<String, String> newData) {
            return new Output(type, streamName, text, newData, displayId, ename, evalue, traceback);
        }
    }
}
