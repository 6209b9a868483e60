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
 */
record Comparison(String notebook, String kernel, int codeCells, int numbersCompared, List<String> differences) {

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
            if (!na.equals(nb)) {
                diffs.add(where + ": numbers differ " + firstDifference(na, nb));
            }
        }
        return new Comparison(notebook, kernel, kit.cells().size(), compared, List.copyOf(diffs));
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

    private static String firstDifference(List<String> a, List<String> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
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
