package tlkit.harness.runner.kernel;

import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import tlkit.harness.kernel.CellFailure;
import tlkit.harness.kernel.CellOutcome;
import tlkit.harness.kernel.CellRecorder;
import tlkit.harness.kernel.ErrorFormatter;
import tlkit.harness.kernel.KernelSession;
import tlkit.harness.kernel.OutputCapture;
import tlkit.harness.kernel.Renderer;

/**
 * Entry point of the child "kernel" JVM: executes the cells of a {@link KernelJob} in one JShell session
 * and writes one {@link CellOutcome} file per executed cell into the job's result folder, so the parent
 * keeps everything up to a crash. Exit code: 0 done, 1 a cell failed, 3 a cell timed out.
 */
public final class KernelMain {
    static final String RUNNING_MARKER = "running";
    public static final String DONE_MARKER = "done";
    public static final int EXIT_CELL_FAILED = 1;
    public static final int EXIT_TIMEOUT = 3;

    private final KernelJob job;
    private final Path resultDir;
    private final Object lock = new Object();
    private final OutputCapture capture = new OutputCapture(new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err));
    private CellRecorder current;
    private KernelJob.CellJob currentCell;
    private int currentCount;
    private boolean finished;

    private KernelMain(KernelJob job) {
        this.job = job;
        this.resultDir = Path.of(job.resultDir());
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain JOB_FILE (started by tlkit.harness.runner.NotebookRunner)");
            System.exit(2);
        }
        KernelJob job;
        try (InputStream in = Files.newInputStream(Path.of(args[0])); ObjectInputStream ois = new ObjectInputStream(in)) {
            job = (KernelJob) ois.readObject();
        }
        System.exit(new KernelMain(job).run());
    }

    private int run() throws IOException {
        capture.install();
        System.setIn(new ByteArrayInputStream(new byte[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(this::recordDeathOfRunningCell, "kernel-exit-recorder"));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cell-timeout-watchdog");
            t.setDaemon(true);
            return t;
        });
        try (KernelSession session = new KernelSession(KernelSession.Engine.local(), KernelSession.Magics.IJAVA,
                ijavaClasspath(), ijavaCompilerOptions(), capture.out(), capture.err())) {
            int count = 0;
            for (KernelJob.CellJob cell : job.cells()) {
                count++;
                CellRecorder recorder;
                synchronized (lock) {
                    recorder = capture.begin();
                    current = recorder;
                    currentCell = cell;
                    currentCount = count;
                }
                writeAtomically(resultDir.resolve(RUNNING_MARKER), (cell.notebookIndex() + " " + count).getBytes(StandardCharsets.UTF_8));
                ScheduledFuture<?> timeout = job.cellTimeoutMs() > 0
                        ? watchdog.schedule(this::timeOutRunningCell, job.cellTimeoutMs(), TimeUnit.MILLISECONDS) : null;
                CellOutcome.Status status = CellOutcome.Status.OK;
                try {
                    Object value = session.runCell(cell.source());
                    if (value != null) recorder.add(CellOutcome.Output.executeResult(Renderer.render(value)));
                } catch (CellFailure f) {
                    recorder.add(f.toOutput());
                    status = CellOutcome.Status.ERROR;
                } catch (RuntimeException | Error e) {
                    recorder.add(internalError(e));
                    status = CellOutcome.Status.ERROR;
                }
                synchronized (lock) {
                    if (timeout != null) timeout.cancel(false);
                    capture.end();
                    current = null;
                    currentCell = null;
                    writeOutcome(new CellOutcome(cell.notebookIndex(), count, status, recorder.snapshot()));
                }
                if (status != CellOutcome.Status.OK && !job.allowErrors()) {
                    finish();
                    return EXIT_CELL_FAILED;
                }
            }
        }
        finish();
        return 0;
    }

    private void finish() {
        synchronized (lock) {
            finished = true;
        }
        writeAtomically(resultDir.resolve(DONE_MARKER), peakMemoryKib().getBytes(StandardCharsets.UTF_8));
    }

    /** This JVM's peak resident memory so far (VmHWM, KiB; Linux), or "" where /proc is not there. */
    private static String peakMemoryKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return line.replaceAll("[^0-9]", "");
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        return "";
    }

    /** Watchdog: the cell overran its limit. Record the timeout error, then stop the JVM for good. */
    private void timeOutRunningCell() {
        synchronized (lock) {
            if (currentCell == null || finished) return;
            CellRecorder recorder = current;
            capture.detach();
            current = null;
            List<CellOutcome.Output> outputs = new ArrayList<>(recorder.snapshot());
            outputs.add(ErrorFormatter.timeout(currentCell.source(), job.cellTimeoutMs()).toOutput());
            writeOutcome(new CellOutcome(currentCell.notebookIndex(), currentCount, CellOutcome.Status.TIMEOUT, outputs));
            finished = true;
            writeAtomically(resultDir.resolve(DONE_MARKER), new byte[0]);
        }
        Runtime.getRuntime().halt(EXIT_TIMEOUT); // an infinite loop cannot be interrupted: end the kernel
    }

    /** Shutdown hook: notebook code called System.exit (which kills an IJava kernel). Keep its outputs. */
    private void recordDeathOfRunningCell() {
        synchronized (lock) {
            if (currentCell == null || finished) return;
            writeOutcome(new CellOutcome(currentCell.notebookIndex(), currentCount, CellOutcome.Status.KERNEL_DIED, current.snapshot()));
            finished = true;
        }
    }

    private static CellOutcome.Output internalError(Throwable e) {
        List<String> trace = new ArrayList<>();
        trace.add(e.toString());
        Arrays.stream(e.getStackTrace()).forEach(el -> trace.add("\tat " + el));
        return CellOutcome.Output.error(e.getClass().getSimpleName(), String.valueOf(e.getMessage()), trace);
    }

    private void writeOutcome(CellOutcome outcome) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
                oos.writeObject(outcome);
            }
            writeAtomically(resultDir.resolve(outcomeFileName(outcome.executionCount())), bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String outcomeFileName(int executionCount) {
        return String.format("cell-%05d.ser", executionCount);
    }

    private static void writeAtomically(Path target, byte[] content) {
        try {
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try (OutputStream o = Files.newOutputStream(tmp)) {
                o.write(content);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("kernel could not write its result file " + target, e);
        }
    }

    /** IJAVA_CLASSPATH, as IJava reads it: path-separator separated entries, globs allowed. */
    private static List<String> ijavaClasspath() {
        String cp = System.getenv("IJAVA_CLASSPATH");
        List<String> entries = new ArrayList<>();
        if (cp == null || cp.isBlank()) return entries;
        for (String e : cp.split(java.io.File.pathSeparator)) {
            if (e.isBlank()) continue;
            if (e.matches(".*[*?\\[{].*")) {
                Path dir = Path.of(e).toAbsolutePath().getParent();
                java.nio.file.PathMatcher m = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + Path.of(e).getFileName());
                try (var s = Files.list(dir)) {
                    s.filter(p -> m.matches(p.getFileName())).sorted().forEach(p -> entries.add(p.toString()));
                } catch (IOException ex) {
                    System.err.println("warning: IJAVA_CLASSPATH entry " + e + " cannot be listed: " + ex.getMessage());
                }
            } else {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return entries;
    }

    private static List<String> ijavaCompilerOptions() {
        String opts = System.getenv("IJAVA_COMPILER_OPTS");
        return opts == null || opts.isBlank() ? List.of() : KernelSession.splitArgs(opts);
    }
}
