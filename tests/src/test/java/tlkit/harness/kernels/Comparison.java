package tlkit.harness.kernels;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kit's runner against a real kernel, cell by cell, for one notebook: the same cells succeed, the
 * same kinds of output appear, and the same numbers are printed (same seeds) — except timings, rates and
 * memory figures, which no two runs share.
 *
 * <p>Counts and other whole numbers must be equal. Decimals may differ by {@link #TOLERANCE}: one CI run
 * printed a loss of 1.3313 under IJava where the runner printed 1.3247 after the same seeded training
 * (repeated runner runs, also under load, were bit-identical). libtorch's MKL kernels are only
 * reproducible for equally aligned buffers, and two JVMs with other flags place buffers differently, so
 * training can drift by a fraction of a percent. The report counts the numbers that needed the tolerance.
 */
record Comparison(String notebook, String kernel, int codeCells, int numbersCompared, int withinTolerance,
                  List<String> differences) {

    /** How far two decimals may be apart: 0.025 absolute (one test example in 40) or 2 % of the value. */
    static final double TOLERANCE = 0.025;
    static final double RELATIVE_TOLERANCE = 0.02;

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");
    /** A measured quantity: a number followed by a unit of time, rate or size. */
    private static final Pattern VOLATILE_QUANTITY = Pattern.compile(
            "\\d[\\d,]*(?:\\.\\d+)?\\s?(?:ms|s|sec|seconds|min|minutes|x|×|MB|MiB|GB|GiB|KiB|[a-z]+/s)(?![\\w/])");
    /** Object.toString's identity hash ({@code PrintStream@73c6ae15}): differs in every JVM. */
    private static final Pattern IDENTITY_HASH = Pattern.compile("@[0-9a-f]{4,8}\\b");
    private static final Pattern VOLATILE_LINE = Pattern.compile("(?i)heap|wall time|elapsed|peak|load average");
    private static final Pattern VOLATILE_HEADER = Pattern.compile("(?i)second|time|\\bms\\b|/s\\b|\\bs/|speed|peak|memory|heap|gflop");

    boolean clean() {
        return differences.isEmpty();
    }

    static Comparison of(String notebook, String kernel, ExecutedNotebook kit, ExecutedNotebook real) {
        List<String> diffs = new ArrayList<>();
        if (kit.cells().size() != real.cells().size()) {
            diffs.add("code cells: kit " + kit.cells().size() + ", kernel " + real.cells().size());
        }
        int compared = 0;
        int tolerated = 0;
        for (int i = 0; i < Math.min(kit.cells().size(), real.cells().size()); i++) {
            ExecutedNotebook.Cell a = kit.cells().get(i);
            ExecutedNotebook.Cell b = real.cells().get(i);
            String where = "cell " + a.index() + " (" + abbreviate(a.firstLine()) + ")";
            if (a.failed() != b.failed()) {
                diffs.add(where + ": kit " + (a.failed() ? "raised " + a.error() : "ran") + ", kernel "
                        + (b.failed() ? "raised " + b.error() : "ran"));
                continue;
            }
            if (!a.kinds().equals(b.kinds())) {
                diffs.add(where + ": outputs kit " + a.kinds() + ", kernel " + b.kinds());
            }
            List<String> na = stableNumbers(a.text());
            List<String> nb = stableNumbers(b.text());
            compared += na.size();
            int mismatch = firstMismatch(na, nb);
            if (mismatch >= 0) {
                diffs.add(where + ": numbers differ " + firstDifference(na, nb, mismatch));
            } else {
                tolerated += countUnequal(na, nb);
            }
        }
        return new Comparison(notebook, kernel, kit.cells().size(), compared, tolerated, List.copyOf(diffs));
    }

    /** Whether two printed numbers agree: equal text, or two decimals within the tolerance. */
    static boolean agree(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (isWhole(a) || isWhole(b)) {
            return false;
        }
        double x = Double.parseDouble(a);
        double y = Double.parseDouble(b);
        return Math.abs(x - y) <= Math.max(TOLERANCE, RELATIVE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y)));
    }

    private static boolean isWhole(String number) {
        return !number.contains(".") && !number.toLowerCase().contains("e");
    }

    /** The index of the first pair that does not agree, or -1 when all agree and the counts match. */
    private static int firstMismatch(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!agree(a.get(i), b.get(i))) {
                return i;
            }
        }
        return a.size() == b.size() ? -1 : Math.min(a.size(), b.size());
    }

    private static int countUnequal(List<String> a, List<String> b) {
        int n = 0;
        for (int i = 0; i < a.size(); i++) {
            n += a.get(i).equals(b.get(i)) ? 0 : 1;
        }
        return n;
    }

    /** The numbers a reader would compare between two runs with the same seeds. */
    static List<String> stableNumbers(String text) {
        List<String> numbers = new ArrayList<>();
        List<String> lines = text.lines().toList();
        Set<Integer> volatileColumns = Set.of();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                volatileColumns = Set.of();
                continue;
            }
            if (i + 1 < lines.size() && lines.get(i + 1).matches("-{3,}") && line.contains("|")) {
                volatileColumns = volatileColumns(line); // a Tablesaw header: its rows follow the dashes
            }
            if (VOLATILE_LINE.matcher(line).find()) {
                continue;
            }
            String kept = volatileColumns.isEmpty() ? line : withoutColumns(line, volatileColumns);
            kept = VOLATILE_QUANTITY.matcher(kept).replaceAll(" ");
            kept = IDENTITY_HASH.matcher(kept).replaceAll("@");
            Matcher m = NUMBER.matcher(kept);
            while (m.find()) {
                numbers.add(m.group());
            }
        }
        return numbers;
    }

    private static Set<Integer> volatileColumns(String header) {
        Set<Integer> columns = new HashSet<>();
        String[] names = header.split("\\|", -1);
        for (int c = 0; c < names.length; c++) {
            if (VOLATILE_HEADER.matcher(names[c]).find()) {
                columns.add(c);
            }
        }
        return columns;
    }

    private static String withoutColumns(String row, Set<Integer> columns) {
        String[] cells = row.split("\\|", -1);
        StringBuilder kept = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (!columns.contains(c)) {
                kept.append(cells[c]).append('|');
            }
        }
        return kept.toString();
    }

    private static String firstDifference(List<String> a, List<String> b, int i) {
        return "at number " + (i + 1) + ": kit " + window(a, i) + ", kernel " + window(b, i);
    }

    private static String window(List<String> values, int from) {
        return values.subList(Math.min(from, values.size()), Math.min(from + 4, values.size())).toString()
                + " (of " + values.size() + ")";
    }

    private static String abbreviate(String s) {
        return s.length() <= 50 ? s : s.substring(0, 47) + "...";
    }
}
