package tlkit.harness.runner;

import tlkit.harness.notebook.Cell;
import tlkit.harness.notebook.Notebook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Papermill-style parameters: values go into a new cell (tagged {@code injected-parameters}) right after
 * the cell tagged {@code parameters}, declared with the same types as the defaults there.
 */
public final class ParameterInjector {
    static final String PARAMETERS_TAG = "parameters";
    static final String INJECTED_TAG = "injected-parameters";

    private static final Pattern DECLARATION = Pattern.compile(
            "^\\s*(?:final\\s+)?(int|long|double|float|boolean|String|var)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*(.+?)\\s*;\\s*(?://.*)?$");

    private ParameterInjector() {}

    /** Declared type of a parameter; for {@code var} the type of its literal. */
    enum Kind { INT, LONG, DOUBLE, FLOAT, BOOLEAN, STRING }

    record Declaration(String keyword, String name, Kind kind) {}

    public static void inject(Notebook notebook, Map<String, String> values) {
        if (values.isEmpty()) return;
        List<Cell> cells = notebook.cells();
        int paramsIndex = -1;
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).tags().contains(PARAMETERS_TAG)) {
                paramsIndex = i;
                break;
            }
        }
        if (paramsIndex < 0) {
            throw new IllegalArgumentException("parameters " + values.keySet() + " were given but the notebook has no cell"
                    + " tagged '" + PARAMETERS_TAG + "'; tag the cell that declares the defaults (View > Cell Toolbar > Tags)");
        }
        Map<String, Declaration> declared = declarations(cells.get(paramsIndex).source());
        StringBuilder src = new StringBuilder("// Parameters (injected by the runner)\n");
        for (Map.Entry<String, String> p : values.entrySet()) {
            Declaration d = declared.get(p.getKey());
            if (d == null) {
                throw new IllegalArgumentException("unknown parameter '" + p.getKey() + "': the cell tagged '" + PARAMETERS_TAG
                        + "' (cell index " + paramsIndex + ") declares " + (declared.isEmpty() ? "no parameters" : declared.keySet())
                        + "; use one of those names");
            }
            src.append(d.keyword()).append(' ').append(d.name()).append(" = ")
                    .append(literal(d, p.getValue())).append(";\n");
        }
        notebook.insertCodeCell(paramsIndex + 1, src.toString().stripTrailing(), List.of(INJECTED_TAG));
    }

    static Map<String, Declaration> declarations(String source) {
        Map<String, Declaration> out = new LinkedHashMap<>();
        for (String line : source.split("\n")) {
            Matcher m = DECLARATION.matcher(line);
            if (!m.matches()) continue;
            String keyword = m.group(1);
            Kind kind = keyword.equals("var") ? kindOfLiteral(m.group(3)) : Kind.valueOf(keyword.toUpperCase());
            if (kind != null) out.put(m.group(2), new Declaration(keyword, m.group(2), kind));
        }
        return out;
    }

    private static Kind kindOfLiteral(String literal) {
        String l = literal.trim();
        if (l.startsWith("\"")) return Kind.STRING;
        if (l.equals("true") || l.equals("false")) return Kind.BOOLEAN;
        if (l.matches("[-+]?\\d[\\d_]*[lL]")) return Kind.LONG;
        if (l.matches("[-+]?\\d[\\d_]*")) return Kind.INT;
        if (l.matches("[-+]?(\\d[\\d_]*\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?[fF]")) return Kind.FLOAT;
        if (l.matches("[-+]?(\\d[\\d_]*\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?[dD]?")) return Kind.DOUBLE;
        return null; // not a literal: not a parameter the runner can type
    }

    private static String literal(Declaration d, String value) {
        String v = value.trim();
        try {
            return switch (d.kind()) {
                case INT -> Integer.toString(Integer.parseInt(v));
                case LONG -> Long.parseLong(v.replaceAll("[lL]$", "")) + "L";
                case DOUBLE -> {
                    double x = Double.parseDouble(v);
                    if (!Double.isFinite(x)) throw new NumberFormatException("not finite");
                    yield Double.toString(x);
                }
                case FLOAT -> {
                    float x = Float.parseFloat(v);
                    if (!Float.isFinite(x)) throw new NumberFormatException("not finite");
                    yield x + "f";
                }
                case BOOLEAN -> {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) throw new NumberFormatException("not true/false");
                    yield v.toLowerCase();
                }
                case STRING -> quote(value);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + d.name() + " is declared as " + d.kind().name().toLowerCase()
                    + " but -p " + d.name() + "=" + value + " is not a valid " + d.kind().name().toLowerCase() + " value");
        }
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
