package tlkit.harness.kernel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Supplier;
import java.util.stream.Stream;
import jdk.jshell.spi.ExecutionControlProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.w3c.dom.Element;

/**
 * One JShell session evaluating cells as IJava 1.3.0 does: IJava's default imports only, its display
 * functions, its line magics (%jars, %classpath, %maven, %load) and the %%loadFromPOM cell magic.
 * The runner's kernel and the grader's kernel both evaluate cells here.
 */
public final class KernelSession implements AutoCloseable {

    /** Which magics a cell may use. */
    public enum Magics {
        /** All of IJava's. */
        IJAVA,
        /** Only {@code %jars} and {@code %classpath} (matches that exist are added); every other magic line is skipped. */
        CLASSPATH_ONLY
    }

    /**
     * Where snippets execute: a JShell execution engine, and how to take the object the last snippet
     * returned (null where the engine does not keep it).
     */
    public record Engine(ExecutionControlProvider provider, Supplier<Object> lastValue) {
        /** In-process execution on the calling thread, keeping values (IJava's local engine). */
        public static Engine local() {
            ValueCapturingExecutionControl.Provider provider = new ValueCapturingExecutionControl.Provider();
            return new Engine(provider, provider.control()::takeLastValue);
        }
    }

    /** Exactly IJava's startup imports: a notebook needing more must import it itself. */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "java.util.*", "java.io.*", "java.math.*", "java.net.*",
            "java.util.concurrent.*", "java.util.prefs.*", "java.util.regex.*");

    private static final String DISPLAY_FUNCTIONS = """
            String display(Object o) { return tlkit.harness.kernel.Display.display(o); }
            String display(Object o, String... as) { return tlkit.harness.kernel.Display.display(o); }
            void updateDisplay(String id, Object o) { tlkit.harness.kernel.Display.updateDisplay(id, o); }
            void updateDisplay(String id, Object o, String... as) { tlkit.harness.kernel.Display.updateDisplay(id, o); }
            public void printf(String format, Object... args) { System.out.printf(format, args); }
            """;

    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%(?!%)(\\w+)(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%(\\w+)([^\\n]*)\\n?(.*)$", Pattern.DOTALL);

    private final JShell shell;
    private final Supplier<Object> lastValue;
    private final Magics magics;
    private final List<Snippet> snippetsOfCell = new ArrayList<>();
    private final SourceCodeAnalysis analysis;
    private final MavenResolver maven = new MavenResolver();
    private final Path workingDir = Path.of("").toAbsolutePath();

    public KernelSession(Engine engine, Magics magics, List<String> extraClasspath, List<String> compilerOptions,
            PrintStream out, PrintStream err) {
        this.lastValue = engine.lastValue();
        this.magics = magics;
        JShell.Builder builder = JShell.builder()
                .executionEngine(engine.provider(), java.util.Map.of())
                .out(out).err(err).in(new ByteArrayInputStream(new byte[0]));
        if (!compilerOptions.isEmpty()) builder.compilerOptions(compilerOptions.toArray(String[]::new));
        this.shell = builder.build();
        this.analysis = shell.sourceCodeAnalysis();
        extraClasspath.forEach(shell::addToClasspath);
        try {
            StringBuilder init = new StringBuilder();
            DEFAULT_IMPORTS.forEach(i -> init.append("import ").append(i).append(";\n"));
            init.append(DISPLAY_FUNCTIONS);
            evalCode(init.toString());
        } catch (CellFailure e) {
            throw new IllegalStateException("the kernel's own startup code failed: " + e.traceback, e);
        }
    }

    public JShell shell() {
        return shell;
    }

    /** The snippets the last {@link #runCell} made active, the failing one included. */
    public List<Snippet> snippetsOfLastCell() {
        return List.copyOf(snippetsOfCell);
    }

    /** Runs one cell; returns the value to render as execute_result, or null for none. */
    public Object runCell(String source) throws CellFailure {
        snippetsOfCell.clear();
        return evalCell(source);
    }

    private Object evalCell(String source) throws CellFailure {
        Matcher cell = CELL_MAGIC.matcher(source);
        if (magics == Magics.CLASSPATH_ONLY) return evalSkippingMagics(source);
        if (cell.matches()) {
            runCellMagic(cell.group(1), cell.group(2).trim(), cell.group(3));
            return null;
        }
        Object value = null;
        StringBuilder code = new StringBuilder();
        for (String line : source.split("\n", -1)) {
            Matcher m = LINE_MAGIC.matcher(line);
            if (m.matches()) {
                if (!code.toString().isBlank()) evalCode(code.toString());
                code.setLength(0);
                runLineMagic(m.group(1), splitArgs(m.group(2)));
                value = null; // IJava appends "{};" after a magic call: a magic never renders
            } else {
                code.append(line).append('\n');
            }
        }
        if (!code.toString().isBlank()) value = evalCode(code.toString());
        return value;
    }

    private Object evalSkippingMagics(String source) throws CellFailure {
        StringBuilder code = new StringBuilder();
        for (String line : source.split("\n", -1)) {
            String magic = line.strip();
            if (magic.startsWith("%jars ") || magic.startsWith("%classpath ")) {
                for (String pattern : splitArgs(magic.substring(magic.indexOf(' ')))) addMatches(pattern);
            }
            code.append(magic.startsWith("%") ? "" : line).append('\n');
        }
        return code.toString().isBlank() ? null : evalCode(code.toString());
    }

    private void addMatches(String pattern) throws CellFailure {
        try {
            glob(pattern).forEach(p -> shell.addToClasspath(p.toString()));
        } catch (IOException e) {
            throw magicFailure("%jars " + pattern, e);
        }
    }

    /** IJava's CodeEvaluator.eval: split into complete snippets, evaluate each, keep the last's value. */
    private Object evalCode(String code) throws CellFailure {
        Object last = null;
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code);
        while (info.completeness().isComplete()) {
            last = evalSnippet(info.source());
            info = analysis.analyzeCompletion(info.remaining());
        }
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
            throw ErrorFormatter.incomplete(info.remaining().trim());
        }
        return last;
    }

    private Object evalSnippet(String snippetSource) throws CellFailure {
        lastValue.get();
        List<SnippetEvent> events = shell.eval(snippetSource);
        Object value = lastValue.get();
        Object result = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) continue;
            if (event.status().isActive()) snippetsOfCell.add(event.snippet());
            JShellException e = event.exception();
            if (e != null) throw ErrorFormatter.evaluation(e);
            if (!event.status().isDefined()) throw ErrorFormatter.compilation(shell, event.snippet());
            Snippet.SubKind kind = event.snippet().subKind();
            result = switch (kind) {
                case VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND, TEMP_VAR_EXPRESSION_SUBKIND -> value;
                default -> null;
            };
        }
        return result;
    }

    private void runLineMagic(String name, List<String> args) throws CellFailure {
        try {
            switch (name) {
                case "jars" -> {
                    for (String pattern : args) {
                        // as in IJava, a pattern that matches nothing is accepted silently (the imports fail next)
                        glob(pattern).forEach(p -> shell.addToClasspath(p.toString()));
                    }
                }
                case "classpath" -> {
                    for (String entry : args) {
                        List<Path> paths = glob(entry);
                        if (paths.isEmpty()) throw new IOException("%classpath " + entry + " does not exist (relative to " + workingDir + ")");
                        paths.forEach(p -> shell.addToClasspath(p.toString()));
                    }
                }
                case "maven" -> {
                    List<MavenResolver.Gav> gavs = new ArrayList<>();
                    for (String a : args) gavs.add(MavenResolver.Gav.parse(a));
                    maven.resolve(gavs).forEach(p -> shell.addToClasspath(p.toString()));
                }
                case "load" -> {
                    if (args.size() != 1) throw new IllegalArgumentException("%load takes exactly one file, got " + args);
                    Path file = workingDir.resolve(args.get(0));
                    if (!Files.isRegularFile(file)) throw new IOException("%load: no file " + file);
                    evalCell(Files.readString(file, StandardCharsets.UTF_8));
                }
                default -> throw new IllegalArgumentException("Undefined line magic '%" + name
                        + "'; this runner supports IJava's %jars, %classpath, %maven and %load");
            }
        } catch (CellFailure f) {
            throw f;
        } catch (Exception e) {
            throw magicFailure("%" + name + " " + String.join(" ", args), e);
        }
    }

    private void runCellMagic(String name, String args, String body) throws CellFailure {
        if (!name.equals("loadFromPOM")) {
            throw new CellFailure("MagicNotFoundException", "Undefined cell magic '%%" + name + "'",
                    List.of("Undefined cell magic '%%" + name + "'; this runner supports only IJava's %%loadFromPOM"));
        }
        try {
            String xml = body.strip();
            if (!xml.startsWith("<project")) xml = "<project>" + xml + "</project>";
            if (!xml.contains("<dependencies>")) {
                xml = xml.replaceFirst("<project([^>]*)>", "<project$1><dependencies>").replace("</project>", "</dependencies></project>");
            }
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = f.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            maven.resolve(maven.dependenciesOf(project)).forEach(p -> shell.addToClasspath(p.toString()));
        } catch (Exception e) {
            throw magicFailure("%%loadFromPOM", e);
        }
    }

    private static CellFailure magicFailure(String magic, Exception e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        return new CellFailure(e.getClass().getSimpleName(), msg, List.of(magic + " failed: " + msg));
    }

    /** Expands a path that may contain glob characters, relative to the working directory, sorted. */
    private List<Path> glob(String pattern) throws IOException {
        if (!pattern.matches(".*[*?\\[{].*")) {
            Path p = workingDir.resolve(pattern).normalize();
            return Files.exists(p) ? List.of(p) : List.of();
        }
        String normalized = pattern.replace('\\', '/');
        int firstGlob = normalized.split("[*?\\[{]", 2)[0].lastIndexOf('/');
        Path base = workingDir.resolve(firstGlob < 0 ? "." : normalized.substring(0, firstGlob + 1)).normalize();
        String rest = firstGlob < 0 ? normalized : normalized.substring(firstGlob + 1);
        if (!Files.isDirectory(base)) return List.of();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(p -> !p.equals(base) && matcher.matches(base.relativize(p)))
                    .map(Path::toAbsolutePath).sorted().toList();
        }
    }

    /** Whitespace-separated arguments; double or single quotes group an argument with spaces. */
    public static List<String> splitArgs(String s) {
        List<String> args = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(s);
        while (m.find()) args.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        return args;
    }

    @Override
    public void close() {
        shell.close();
    }
}
