package tlkit.harness.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;

/** Builds IJava-style error outputs (names EvalException / CompilationException, plain-text tracebacks). */
public final class ErrorFormatter {
    private ErrorFormatter() {}

    static CellFailure compilation(JShell shell, Snippet snippet) {
        List<String> lines = new ArrayList<>();
        String source = snippet.source();
        for (Diag d : shell.diagnostics(snippet).collect(Collectors.toList())) {
            lines.addAll(highlight(source, (int) d.getStartPosition(), (int) d.getEndPosition()));
            for (String msg : d.getMessage(null).split("\\R")) {
                if (!msg.trim().startsWith("location:")) lines.add(msg);
            }
            lines.add("");
        }
        if (snippet instanceof jdk.jshell.DeclarationSnippet decl) {
            List<String> unresolved = shell.unresolvedDependencies(decl).collect(Collectors.toList());
            if (!unresolved.isEmpty()) {
                for (String s : source.split("\\R")) lines.add("|   " + s);
                lines.add("Unresolved dependencies:");
                unresolved.forEach(u -> lines.add("   - " + u));
            }
        }
        if (lines.isEmpty()) {
            for (String s : source.split("\\R")) lines.add("|   " + s);
            lines.add("The snippet was rejected by the compiler (status " + shell.status(snippet) + ").");
        }
        return new CellFailure("CompilationException", "", lines);
    }

    /** The source lines that contain [start, end), each followed by a caret line under the range. */
    private static List<String> highlight(String source, int start, int end) {
        List<String> out = new ArrayList<>();
        int lineStart = 0;
        for (String line : source.split("\n", -1)) {
            int lineEnd = lineStart + line.length();
            if (lineEnd >= start && lineStart <= Math.max(start, end - 1)) {
                out.add("|   " + line);
                int from = Math.max(start, lineStart) - lineStart;
                int to = Math.max(from + 1, Math.min(Math.max(end, start + 1), lineEnd) - lineStart);
                out.add("|   " + " ".repeat(from) + "^".repeat(to - from));
            }
            lineStart = lineEnd + 1;
        }
        return out;
    }

    static CellFailure evaluation(JShellException e) {
        List<String> lines = new ArrayList<>();
        appendTrace(lines, e, "");
        String ename = e instanceof UnresolvedReferenceException ? "UnresolvedReferenceException" : "EvalException";
        return new CellFailure(ename, e.getMessage(), lines);
    }

    private static void appendTrace(List<String> lines, Throwable t, String prefix) {
        String name = t instanceof EvalException ev ? ev.getExceptionClassName() : t.getClass().getName();
        lines.add(prefix + name + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        for (StackTraceElement el : t.getStackTrace()) lines.add("\tat " + el);
        if (t.getCause() != null && t.getCause() != t) appendTrace(lines, t.getCause(), "Caused by: ");
    }

    static CellFailure incomplete(String remaining) {
        List<String> lines = new ArrayList<>();
        lines.add("Incomplete input:");
        for (String s : remaining.split("\\R")) lines.add("|   " + s);
        return new CellFailure("IncompleteSourceException", remaining, lines);
    }

    public static CellFailure timeout(String cellSource, long timeoutMs) {
        List<String> lines = new ArrayList<>();
        for (String s : cellSource.strip().split("\\R")) lines.add("|   " + s);
        lines.add(String.format("Evaluation timed out after %d milliseconds.", timeoutMs));
        return new CellFailure("EvaluationTimeoutException", "", lines);
    }
}
