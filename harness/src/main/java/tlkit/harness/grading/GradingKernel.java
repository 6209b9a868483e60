package tlkit.harness.grading;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import tlkit.harness.kernel.CellFailure;
import tlkit.harness.kernel.CellRecorder;
import tlkit.harness.kernel.KernelSession;
import tlkit.harness.kernel.OutputCapture;

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
        // student output is recorded per cell and never reaches this JVM's stdout, which carries the channel
        OutputCapture capture = new OutputCapture(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        KernelSession session = new KernelSession(new KernelSession.Engine(provider, () -> null),
                KernelSession.Magics.CLASSPATH_ONLY, List.of(System.getProperty("java.class.path").split(File.pathSeparator)),
                List.of(), capture.out(), capture.err());
        JShell shell = session.shell();
        InstructorDeclarations declarations = new InstructorDeclarations((sh, v) -> {
            sh.varValue(v);
            return provider.control.lastVariableValue();
        });
        declarations.trust(shell.snippets().toList());
        JsonObject ready = new JsonObject();
        ready.addProperty("op", "ready");
        send(wire, channel, ready);

        HeldOutReceiver heldOut = new HeldOutReceiver();
        String line;
        while ((line = in.readLine()) != null) {
            JsonObject m = channel.open(line);
            if (m == null) {
                continue;
            }
            String op = m.get("op").getAsString();
            if ("cell".equals(op)) {
                send(wire, channel, runCell(session, capture, provider.control, watchdog, m, declarations));
            } else if ("lock".equals(op)) {
                JsonObject reply = lock(session, capture, provider.control, properties, declarations);
                send(wire, channel, reply);
            } else if ("heldout".equals(op)) {
                heldOut.accept(m);
            } else if ("heldout-end".equals(op)) {
                send(wire, channel, heldOut.finish());
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

    private static JsonObject runCell(KernelSession session, OutputCapture capture, SnippetThreadControl control,
            ScheduledExecutorService watchdog, JsonObject m, InstructorDeclarations declarations) {
        int index = m.get("index").getAsInt();
        long timeoutMs = m.get("timeoutMs").getAsLong();
        String source = m.get("source").getAsString();
        capture.install(); // a student cell may have replaced System.out
        CellRecorder recorder = capture.begin();
        long started = System.nanoTime();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            timedOut.set(true);
            control.stop();
        }, timeoutMs, TimeUnit.MILLISECONDS);
        String status = "ok";
        StringBuilder error = new StringBuilder();
        try {
            runRecordingInstructorCells(session, source, m.has("instructor") && m.get("instructor").getAsBoolean(), declarations);
        } catch (CellFailure f) {
            status = "error";
            error.append(f.summary());
        } catch (Throwable e) {
            status = "error";
            error.append("kernel: ").append(e);
        } finally {
            alarm.cancel(false);
            capture.end();
        }
        if (timedOut.get()) {
            status = "timeout";
            error.append("\ncell stopped after ").append(timeoutMs / 1000.0).append(" s");
        }
        JsonObject reply = new JsonObject();
        reply.addProperty("op", "result");
        reply.addProperty("index", index);
        reply.addProperty("status", status);
        reply.addProperty("millis", (System.nanoTime() - started) / 1_000_000);
        String out = CellText.of(recorder.snapshot());
        int max = 200_000;
        reply.addProperty("output", out.length() > max ? out.substring(0, max) + "\n[output truncated]" : out);
        reply.addProperty("error", error.toString());
        return reply;
    }

    /** Runs a cell; for an instructor cell, records what it declared even when it failed part way. */
    private static void runRecordingInstructorCells(KernelSession session, String source, boolean instructor,
            InstructorDeclarations declarations) throws CellFailure {
        try {
            session.runCell(source);
        } finally {
            if (instructor) {
                declarations.record(session.shell(), source, session.snippetsOfLastCell());
            }
        }
    }

    /** Between the student's cells and the tests: unhide names, restore instructor values, stop leftovers. */
    private static JsonObject lock(KernelSession session, OutputCapture capture, SnippetThreadControl control,
            Properties properties, InstructorDeclarations declarations) {
        JShell shell = session.shell();
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
        capture.install(); // no cell is recording: what restoring prints goes nowhere
        for (String[] cell : declarations.changed(shell)) {
            String failure = null;
            try {
                session.runCell(cell[0]);
            } catch (CellFailure f) {
                failure = f.summary();
            }
            restored.add(cell[1] + (failure == null ? "" : " (restoring failed: " + failure.strip() + ")"));
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

    /**
     * The held-out test files, sent by the grader after "lock" (no student code runs any more): written
     * into a fresh folder of this sandbox's /tmp, which the property
     * {@link tlkit.grading.HomeworkData#HELD_OUT_PROPERTY} then names for the hidden tests.
     */
    private static final class HeldOutReceiver {
        private java.nio.file.Path dir;
        private int files;
        private String error;

        void accept(JsonObject m) {
            if (error != null) {
                return;
            }
            try {
                if (dir == null) {
                    dir = java.nio.file.Files.createTempDirectory("tlkit-heldout-");
                }
                java.nio.file.Path to = dir.resolve(m.get("item").getAsString()).resolve(m.get("path").getAsString()).normalize();
                if (!to.startsWith(dir)) {
                    throw new IllegalArgumentException("bad path " + m.get("path").getAsString());
                }
                java.nio.file.Files.createDirectories(to.getParent());
                java.nio.file.Files.write(to, java.util.Base64.getDecoder().decode(m.get("data").getAsString()));
                files++;
            } catch (Exception e) {
                error = e.toString();
            }
        }

        JsonObject finish() {
            JsonObject reply = new JsonObject();
            reply.addProperty("op", "heldout-ready");
            reply.addProperty("files", error == null ? files : -1);
            if (error != null) {
                reply.addProperty("error", error);
            } else if (dir != null) {
                System.setProperty(tlkit.grading.HomeworkData.HELD_OUT_PROPERTY, dir.toString());
            }
            return reply;
        }
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
