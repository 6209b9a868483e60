package tlkit.harness.release;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * nbgrader-style region markers in cell sources: {@code // BEGIN SOLUTION} ... {@code // END SOLUTION}
 * and {@code // BEGIN HIDDEN TESTS} ... {@code // END HIDDEN TESTS} in code, and
 * {@code <!-- BEGIN SOLUTION -->} ... {@code <!-- END SOLUTION -->} in markdown answers.
 */
public final class Markers {

    private static final String COMMENT = "\\s*(?://|#+|<!--)\\s*";
    private static final String CLOSE = "\\s*(?:-->)?\\s*";
    static final Pattern BEGIN_SOLUTION = Pattern.compile(COMMENT + "BEGIN SOLUTION" + CLOSE);
    static final Pattern END_SOLUTION = Pattern.compile(COMMENT + "END SOLUTION" + CLOSE);
    static final Pattern BEGIN_HIDDEN = Pattern.compile(COMMENT + "BEGIN HIDDEN TESTS" + CLOSE);
    static final Pattern END_HIDDEN = Pattern.compile(COMMENT + "END HIDDEN TESTS" + CLOSE);

    public static final String CODE_STUB = "// YOUR CODE HERE\nthrow new UnsupportedOperationException(\"TODO\");";
    public static final String ANSWER_STUB = "YOUR ANSWER HERE";

    private Markers() {
    }

    /** The student version of a cell source: solutions stubbed out, hidden tests removed. */
    public static String studentVersion(String source, boolean code, String where) {
        List<String> out = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        Region region = Region.NONE;
        int beganAt = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (BEGIN_SOLUTION.matcher(line).matches() || BEGIN_HIDDEN.matcher(line).matches()) {
                if (region != Region.NONE) {
                    throw new IllegalArgumentException(where + ", line " + (i + 1) + ": '" + line.strip()
                            + "' inside a region opened at line " + (beganAt + 1) + "; close that region first");
                }
                region = BEGIN_SOLUTION.matcher(line).matches() ? Region.SOLUTION : Region.HIDDEN;
                beganAt = i;
                if (region == Region.SOLUTION) {
                    String indent = line.substring(0, line.length() - line.stripLeading().length());
                    for (String stub : (code ? CODE_STUB : ANSWER_STUB).split("\n")) {
                        out.add(indent + stub);
                    }
                }
                continue;
            }
            if (END_SOLUTION.matcher(line).matches() || END_HIDDEN.matcher(line).matches()) {
                Region closing = END_SOLUTION.matcher(line).matches() ? Region.SOLUTION : Region.HIDDEN;
                if (region != closing) {
                    throw new IllegalArgumentException(where + ", line " + (i + 1) + ": '" + line.strip()
                            + "' without a matching BEGIN marker");
                }
                region = Region.NONE;
                continue;
            }
            if (region == Region.NONE) {
                out.add(line);
            }
        }
        if (region != Region.NONE) {
            throw new IllegalArgumentException(where + ": region opened at line " + (beganAt + 1)
                    + " is never closed; add the matching END marker");
        }
        return String.join("\n", out);
    }

    /** The instructor's test source with the marker lines dropped (hidden tests kept). */
    public static String withoutMarkerLines(String source) {
        List<String> out = new ArrayList<>();
        for (String line : source.split("\n", -1)) {
            if (!BEGIN_HIDDEN.matcher(line).matches() && !END_HIDDEN.matcher(line).matches()
                    && !BEGIN_SOLUTION.matcher(line).matches() && !END_SOLUTION.matcher(line).matches()) {
                out.add(line);
            }
        }
        return String.join("\n", out);
    }

    public static boolean hasHiddenTests(String source) {
        for (String line : source.split("\n")) {
            if (BEGIN_HIDDEN.matcher(line).matches()) {
                return true;
            }
        }
        return false;
    }

    private enum Region { NONE, SOLUTION, HIDDEN }
}
