package tlkit.harness.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Caps the processes and threads of one sandbox with a cgroup of the {@code pids} controller (a
 * fork bomb, or 10,000 threads, then fails inside the sandbox instead of exhausting the machine).
 * Needs a writable cgroup-v1 {@code pids} hierarchy (as root on most hosts); where there is none the
 * sandbox runs without this cap and {@link #available()} says so.
 */
final class TaskLimit {

    static final int MAX_TASKS = 1024;
    private static final Path V1 = Path.of("/sys/fs/cgroup/pids");

    private TaskLimit() {
    }

    static boolean available() {
        return Files.isWritable(V1) && Files.isRegularFile(V1.resolve("cgroup.procs"));
    }

    /** A new cgroup limited to {@link #MAX_TASKS} tasks, or empty when none can be made here. */
    static Optional<Path> create() {
        if (!available()) {
            return Optional.empty();
        }
        byte[] id = new byte[6];
        new SecureRandom().nextBytes(id);
        Path dir = V1.resolve("tlkit-grade-" + HexFormat.of().formatHex(id));
        try {
            Files.createDirectory(dir);
            Files.writeString(dir.resolve("pids.max"), Integer.toString(MAX_TASKS));
            return Optional.of(dir);
        } catch (IOException | RuntimeException e) {
            remove(dir);
            return Optional.empty();
        }
    }

    /** The command that moves itself into {@code cgroup}, then runs the rest of the command line. */
    static List<String> enter(Path cgroup) {
        return List.of("/bin/sh", "-c", "echo $$ > '" + cgroup.resolve("cgroup.procs") + "' && exec \"$@\"", "task-limit");
    }

    /**
     * Removes the cgroup once its processes are gone. A killed sandbox's processes can take seconds to
     * be reaped, so this keeps trying in the background for up to a minute; an empty cgroup left when
     * the grader ends first is harmless.
     */
    static void remove(Path cgroup) {
        if (tryRemove(cgroup)) {
            return;
        }
        Thread t = new Thread(() -> {
            for (int i = 0; i < 600 && !tryRemove(cgroup); i++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "grader-cgroup-cleanup");
        t.setDaemon(true);
        t.start();
    }

    private static boolean tryRemove(Path cgroup) {
        try {
            Files.deleteIfExists(cgroup);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
