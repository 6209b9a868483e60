package tlkit.harness.grading;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

/**
 * Stops every thread a submission left running before the instructor's tests, so nothing of the
 * student's runs while a test records: its own threads and timers, the pools and executors it made
 * (shut down, then their workers stopped) and its tasks in the common ForkJoinPool (the worker
 * running one is stopped, which ends that task; the pool must then go quiet). What is still running
 * after a few seconds is reported, and the grader fails the submission.
 */
final class StudentThreads {

    private static final long PATIENCE_MS = 3_000;

    private StudentThreads() {
    }

    /** Names of the student threads stopped, and of those that could not be (empty when all stopped). */
    record Outcome(List<String> stopped, List<String> unstoppable) {
    }

    static Outcome stopAll() {
        Set<String> stopped = new LinkedHashSet<>();
        long deadline = System.nanoTime() + PATIENCE_MS * 1_000_000;
        List<Thread> running = studentThreads();
        while (System.nanoTime() < deadline) {
            for (Thread t : running) {
                stopped.add(t.getName());
                shutDownOwner(t);
                stop(t);
            }
            ForkJoinPool.commonPool().awaitQuiescence(100, TimeUnit.MILLISECONDS);
            running = studentThreads();
            if (running.isEmpty() && ForkJoinPool.commonPool().isQuiescent()) {
                return new Outcome(List.copyOf(stopped), List.of());
            }
        }
        List<String> left = new ArrayList<>(running.stream().map(Thread::getName).toList());
        if (!ForkJoinPool.commonPool().isQuiescent()) {
            left.add("tasks still queued in the common ForkJoinPool");
        }
        return new Outcome(List.copyOf(stopped), left);
    }

    private static List<Thread> studentThreads() {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != Thread.currentThread() && t.isAlive() && !"grading-watchdog".equals(t.getName()) && isStudentThread(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * A thread the submission started: one running snippet code now, one whose class the submission
     * defined, or a generic task runner (Timer, executor) made from a snippet, which may run snippet
     * code later. Library threads made while a cell ran (JNA's cleaner, ...) and JShell's indexer are
     * none of these and keep running, so the tests cannot hang on a lock a stopped library thread held.
     */
    static boolean isStudentThread(Thread t) {
        ClassLoader own = t.getClass().getClassLoader();
        if (own != null && own != ClassLoader.getSystemClassLoader() && own != ClassLoader.getPlatformClassLoader()) {
            return true;
        }
        boolean inStudentGroup = false;
        for (ThreadGroup g = t.getThreadGroup(); g != null; g = g.getParent()) {
            inStudentGroup |= g == SnippetThreadControl.STUDENT;
        }
        if (inStudentGroup && t instanceof ForkJoinWorkerThread fj && fj.getPool() != ForkJoinPool.commonPool()) {
            return true;
        }
        for (StackTraceElement f : t.getStackTrace()) {
            String c = f.getClassName();
            if (c.startsWith("REPL.")) {
                return true;
            }
            if (inStudentGroup && (c.equals("java.util.TimerThread") || c.startsWith("java.util.concurrent.ThreadPoolExecutor")
                    || c.startsWith("java.util.concurrent.ScheduledThreadPoolExecutor"))) {
                return true;
            }
        }
        return false;
    }

    /** Shuts down the pool or executor {@code t} works for, so it makes no replacement workers. */
    private static void shutDownOwner(Thread t) {
        if (t instanceof ForkJoinWorkerThread fj && fj.getPool() != ForkJoinPool.commonPool()) {
            fj.getPool().shutdownNow();
            return;
        }
        try {
            Field target = Thread.class.getDeclaredField("target");
            target.setAccessible(true);
            Object worker = target.get(t);
            if (worker != null && worker.getClass().getName().equals("java.util.concurrent.ThreadPoolExecutor$Worker")) {
                Field outer = worker.getClass().getDeclaredField("this$0");
                outer.setAccessible(true);
                ((ExecutorService) outer.get(worker)).shutdownNow();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not opened to us (the kernel is started with --add-opens): stopping the thread still ends it
        }
    }

    @SuppressWarnings("deprecation") // Thread.stop: the only way to end code that ignores interrupts (JDK 17..19)
    private static void stop(Thread t) {
        t.interrupt();
        try {
            t.stop();
        } catch (UnsupportedOperationException e) {
            // JDK 20+: the thread keeps running and is reported as unstoppable
        }
    }
}
