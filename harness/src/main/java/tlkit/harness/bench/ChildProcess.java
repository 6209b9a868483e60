package tlkit.harness.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one command to completion (or its time limit) with its output in a log file. */
final class ChildProcess {

    /** How a run ended. */
    record Outcome(int exitCode, boolean timedOut, double seconds, String output) {
        boolean ok() {
            return !timedOut && exitCode == 0;
        }
    }

    private ChildProcess() {}

    static Outcome run(List<String> command, Path workingDir, Path log, double timeoutSeconds)
            throws IOException, InterruptedException {
        return run(command, Map.of(), workingDir, log, timeoutSeconds);
    }

    /** As {@link #run(List, Path, Path, double)}, with {@code environment} added to this process's. */
    static Outcome run(List<String> command, Map<String, String> environment, Path workingDir, Path log,
            double timeoutSeconds) throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean timedOut = !p.waitFor((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
        if (timedOut) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        return new Outcome(timedOut ? -1 : p.exitValue(), timedOut, seconds, output);
    }

    /** The last lines of a process's output, for error messages. */
    static String tail(String output, int lines) {
        String[] all = output.strip().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
