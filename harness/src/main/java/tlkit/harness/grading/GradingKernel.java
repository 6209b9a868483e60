package tlkit.harness.grading;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * The child side of {@code ./kit grade}: a JShell session in this JVM (as IJava runs one) that
 * executes the cells the grader sends over an encrypted {@link Channel} on stdin/stdout.
 *
 * <p>Start-up happens before any student code exists: read the channel key from stdin, keep it only
 * in this thread's locals, snapshot the system properties, point {@code System.in} at an empty
 * stream. Student cells then run with their output captured per cell ({@code System.exit} simply
 * ends this JVM, inside its sandbox; the grader replays the submission without that cell). On "lock"
 * (before the instructor's test cells) the kernel drops declarations and imports that would hide the
 * {@code tlkit}/{@code java} packages or an imported class from the test cells, runs again the
 * instructor cells whose declarations or values a student cell changed
 * ({@link InstructorDeclarations}), restores the system properties and stops every thread the
 * student code left behind ({@link StudentThreads}).
 */
public final class GradingKernel {

    /** Top-level names a submission may not declare: they would hide the packages the tests name. */
    static final Set<String> ROOTS = Set.of("tlkit", "java", "javax", "jdk", "sun", "ai", "com", "org", "tech");

    /** IJava 1.3's default imports. */
    static final List<String> DEFAULT_IMPORTS = List.of("java.util.*", "java.io.*", "java.math.*", "java.net.*",
            "java.util.concurrent.*", "java.util.prefs.*", "java.util.regex.*");

    /** IJava's display functions with the runner's signatures; when grading, shown values are printed. */
    static final List<String> DISPLAY_FUNCTIONS = List.of(
            "String display(Object o) { System.out.println(o); return \"\"; }",
            "String display(Object o, String... as) { System.out.println(o); return \"\"; }",
            "void updateDisplay(String id, Object o) { System.out.println(o); }",
            "void updateDisplay(String id, Object o, String... as) { System.out.println(o); }",
            "public void printf(String format, Object... args) { System.out.printf(format, args); }");

    private GradingKernel() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8));
        PrintStream wire = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        String keyLine = in.readLine();
        if (keyLine == null) {
            return;
        }
        Channel channel = new Channel(HexFormat.of().parseHex(keyLine.strip()), false);
        Properties properties = (Properties) System.getProperties().clone();
        System.setIn(new ByteArrayInputStream(new byte[0]));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "grading-watchdog");
            t.setDaemon(true);
            return t;
        });

        SnippetThreadControl.Provider provider = new SnippetThreadControl.Provider();
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        JShell shell = JShell.builder().executionEngine(provider, null).out(sink).err(sink).build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            shell.addToClasspath(entry);
        }
        for (String imp : DEFAULT_IMPORTS) {
            shell.eval("import " + imp + ";");
        }
        for (String fn : DISPLAY_FUNCTIONS) {
            shell.eval(fn);
        }
        InstructorDeclarations declarations = new InstructorDeclarations((sh, v) -> {
            sh.varValue(v);
            return provider.control.lastVariableValue();
        });
        declarations.trust(shell.snippets().toList());
        JsonObject ready = new JsonObject();
        ready.addProperty("op", "ready");
        send(wire, channel, ready);

        String line;
        while ((line = in.readLine()) != null) {
            JsonObject m = channel.open(line);
            if (m == null) {
                continue;
            }
            String op = m.get("op").getAsString();
            if ("cell".equals(op)) {
                send(wire, channel, runCell(shell, provider.control, watchdog, m, declarations));
            } else if ("lock".equals(op)) {
                JsonObject reply = lock(shell, provider.control, properties, declarations);
                send(wire, channel, reply);
            } else if ("bye".equals(op)) {
                break;
            }
        }
        wire.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void send(PrintStream wire, Channel channel, JsonObject message) {
        // one write per message: a line under the pipe's atomic size cannot be split by student writes
        wire.print("\n" + channel.seal(message) + "\n");
        wire.flush();
    }

    private static JsonObject runCell(JShell shell, SnippetThreadControl control, ScheduledExecutorService watchdog,
            JsonObject m, InstructorDeclarations declarations) {
        int index = m.get("index").getAsInt();
        long timeoutMs = m.get("timeoutMs").getAsLong();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        long started = System.nanoTime();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            timedOut.set(true);
            control.stop();
        }, timeoutMs, TimeUnit.MILLISECONDS);
        String status = "ok";
        StringBuilder error = new StringBuilder();
        try {
            String code = magics(shell, m.get("source").getAsString(), error);
            List<Snippet> made = new ArrayList<>();
            status = evalAll(shell, code, error, made);
            if (m.has("instructor") && m.get("instructor").getAsBoolean()) {
                declarations.record(shell, m.get("source").getAsString(), made);
            }
        } catch (Throwable e) {
            status = "error";
            error.append("kernel: ").append(e);
        } finally {
            alarm.cancel(false);
        }
        if (timedOut.get()) {
            status = "timeout";
            error.append("\ncell stopped after ").append(timeoutMs / 1000.0).append(" s");
        }
        capture.flush();
        JsonObject reply = new JsonObject();
        reply.addProperty("op", "result");
        reply.addProperty("index", index);
        reply.addProperty("status", status);
        reply.addProperty("millis", (System.nanoTime() - started) / 1_000_000);
        String out = captured.toString(StandardCharsets.UTF_8);
        int max = 200_000;
        reply.addProperty("output", out.length() > max ? out.substring(0, max) + "\n[output truncated]" : out);
        reply.addProperty("error", error.toString());
        return reply;
    }

    /** Handles IJava line magics: {@code %jars} adds existing jars (the kit is already loaded). */
    private static String magics(JShell shell, String source, StringBuilder notes) throws IOException {
        StringBuilder code = new StringBuilder();
        for (String line : source.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith("%jars") || t.startsWith("%classpath")) {
                for (String pattern : t.substring(t.indexOf(' ') + 1).trim().split("\\s+")) {
                    for (Path jar : glob(pattern)) {
                        shell.addToClasspath(jar.toString());
                    }
                }
                code.append('\n');
            } else if (t.startsWith("%")) {
                code.append('\n');
            } else {
                code.append(line).append('\n');
            }
        }
        return code.toString();
    }

    private static List<Path> glob(String pattern) throws IOException {
        Path p = Path.of(pattern);
        Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + p.getFileName());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> matcher.matches(f.getFileName())).sorted().toList();
        }
    }

    /** Evaluates snippet by snippet; stops at the first failing one, as a notebook cell does. */
    private static String evalAll(JShell shell, String code, StringBuilder error, List<Snippet> made) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            String snippet = info.completeness().isComplete() ? info.source() : rest;
            rest = info.completeness().isComplete() ? info.remaining() : "";
            if (snippet == null || snippet.isBlank()) {
                continue;
            }
            for (SnippetEvent e : shell.eval(snippet)) {
                if (e.causeSnippet() == null && e.status().isActive()) {
                    made.add(e.snippet());
                }
                if (e.exception() != null) {
                    error.append(describe(e.exception()));
                    return "error";
                }
                if (e.status() == Snippet.Status.REJECTED) {
                    shell.diagnostics(e.snippet()).forEach(d -> error.append(diag(snippet, d)).append('\n'));
                    return "error";
                }
            }
        }
        return "ok";
    }

    private static String describe(Exception e) {
        if (e instanceof EvalException ee) {
            return ee.getExceptionClassName() + ": " + ee.getMessage();
        }
        if (e instanceof UnresolvedReferenceException ure) {
            return "unresolved reference in " + ure.getSnippet().source().strip();
        }
        return e.toString();
    }

    private static String diag(String snippet, Diag d) {
        int pos = (int) Math.max(0, Math.min(snippet.length(), d.getStartPosition()));
        long line = snippet.substring(0, pos).chars().filter(c -> c == '\n').count() + 1;
        return "compile error (snippet line " + line + "): " + d.getMessage(null);
    }

    /** Between the student's cells and the tests: unhide names, restore instructor values, stop leftovers. */
    private static JsonObject lock(JShell shell, SnippetThreadControl control, Properties properties,
            InstructorDeclarations declarations) throws IOException {
        JsonArray dropped = new JsonArray();
        for (Snippet s : new ArrayList<>(shell.snippets().toList())) {
            String why = shell.status(s).isActive() ? hides(s, control) : null;
            if (why != null) {
                shell.drop(s);
                dropped.add(why);
            }
        }
        for (InstructorDeclarations.DeclarationOrImport d : declarations.shadowingImports(shell, name -> loads(control, name))) {
            shell.drop(d.snippet());
            dropped.add((d.snippet() instanceof ImportSnippet ? "import of '" : "declaration of '") + d.name()
                    + "' (hides the class of that name the tests use)");
        }
        JsonArray restored = new JsonArray();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(quiet);
        System.setErr(quiet);
        for (String[] cell : declarations.changed(shell)) {
            StringBuilder error = new StringBuilder();
            String status = evalAll(shell, magics(shell, cell[0], error), error, new ArrayList<>());
            restored.add(cell[1] + ("ok".equals(status) ? "" : " (restoring failed: " + error.toString().strip() + ")"));
        }
        System.setProperties((Properties) properties.clone());
        System.setIn(new ByteArrayInputStream(new byte[0]));
        Thread.setDefaultUncaughtExceptionHandler(null);
        StudentThreads.Outcome threads = StudentThreads.stopAll();

        JsonObject reply = new JsonObject();
        reply.addProperty("op", "locked");
        reply.add("stoppedThreads", strings(threads.stopped()));
        reply.add("unstoppable", strings(threads.unstoppable()));
        reply.add("dropped", dropped);
        reply.add("restored", restored);
        return reply;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    /** Why a snippet would hide a package root from the tests, or null. */
    private static String hides(Snippet s, SnippetThreadControl control) {
        if (s instanceof DeclarationSnippet d && ROOTS.contains(d.name())) {
            return "declaration of '" + d.name() + "'";
        }
        if (s instanceof ImportSnippet imp) {
            if (ROOTS.contains(imp.name())) {
                return "import " + imp.fullname();
            }
            if (imp.fullname().endsWith(".*")) {
                String owner = imp.fullname().substring(0, Math.max(0, imp.fullname().lastIndexOf('.')));
                for (String root : ROOTS) {
                    if (imp.isStatic() ? hasMember(control, owner, root) : loads(control, owner + "." + root)) {
                        return "import " + (imp.isStatic() ? "static " : "") + imp.fullname() + " (brings a '" + root + "')";
                    }
                }
            }
        }
        return null;
    }

    private static boolean loads(SnippetThreadControl control, String name) {
        try {
            control.load(name);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean hasMember(SnippetThreadControl control, String owner, String member) {
        try {
            Class<?> c = control.load(owner);
            for (var f : c.getFields()) {
                if (f.getName().equals(member)) {
                    return true;
                }
            }
            for (var nested : c.getClasses()) {
                if (nested.getSimpleName().equals(member)) {
                    return true;
                }
            }
            return false;
        } catch (ClassNotFoundException | LinkageError e) {
            return true; // cannot tell: drop it to be safe
        }
    }
}
