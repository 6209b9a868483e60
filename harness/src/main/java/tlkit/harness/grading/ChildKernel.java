package tlkit.harness.grading;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The grader's handle on one child JVM running {@link GradingKernel}: starts it through its
 * {@link Confinement} with heap and resident-memory limits, talks to it over the encrypted {@link Channel}, and kills it
 * together with every process it started.
 */
final class ChildKernel implements AutoCloseable {

    /** Sentinel for "the child is gone". */
    static final JsonObject DEAD = new JsonObject();

    private final Confinement.Run run;
    private final Process process;
    private final Channel channel;
    private final OutputStream stdin;
    private final BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    private final StringBuilder stray = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final int residentMb;
    private volatile String killedBecause;

    ChildKernel(Confinement confinement, JvmCommand jvm, Path submission, Limits limits) throws IOException {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        this.channel = new Channel(key, true);
        this.residentMb = limits.residentMb();
        this.run = confinement.start(jvm, submission, limits);
        this.process = run.process();
        this.stdin = process.getOutputStream();
        stdin.write((HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        daemon("grader-stdout", () -> readFrames(process.getInputStream()));
        daemon("grader-stderr", () -> drain(process.getErrorStream(), stderr));
        daemon("grader-memory", this::watchMemory);
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void readFrames(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonObject m = channel.open(line);
                if (m != null) {
                    inbox.add(m);
                } else if (!line.isEmpty() && stray.length() < 20_000) {
                    synchronized (stray) {
                        stray.append(line, 0, Math.min(line.length(), 500)).append('\n');
                    }
                }
            }
        } catch (IOException ignored) {
            // the child is gone; the sentinel below says so
        }
        inbox.add(DEAD);
    }

    private static void drain(InputStream in, StringBuilder into) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (into) {
                    if (into.length() < 20_000) {
                        into.append(line).append('\n');
                    }
                }
            }
        } catch (IOException ignored) {
            // child gone
        }
    }

    /**
     * Kills the child when its resident memory (with its own children, and the files in its tmpfs
     * scratch, which are memory too) passes the limit (Linux /proc).
     */
    private void watchMemory() {
        while (process.isAlive()) {
            long kb = residentKb(process.pid());
            for (ProcessHandle d : process.descendants().toList()) {
                kb += residentKb(d.pid());
            }
            kb += run.scratchKb();
            if (kb > residentMb * 1024L) {
                killedBecause = "used " + kb / 1024 + " MB of memory (limit " + residentMb + " MB)";
                kill();
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long residentKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or the process just ended
        }
        return 0;
    }

    void send(JsonObject message) throws IOException {
        stdin.write((channel.seal(message) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** The next message, {@link #DEAD} when the child ended, or null on timeout. */
    JsonObject receive(long timeoutMs) throws InterruptedException {
        JsonObject m = inbox.poll(Math.max(1, timeoutMs), TimeUnit.MILLISECONDS);
        if (m == DEAD) {
            inbox.add(DEAD);
        }
        return m;
    }

    String killedBecause() {
        return killedBecause;
    }

    String stderrTail() {
        synchronized (stderr) {
            String s = stderr.toString();
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        }
    }

    String strayOutput() {
        synchronized (stray) {
            return stray.toString();
        }
    }

    Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public void close() {
        kill();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        run.cleanup();
    }
}
