package tlkit.harness.grading;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Used space of the file system at a path, by {@code statvfs(3)} on that very path. Java's FileStore
 * resolves the path's real name first, which for {@code /proc/PID/root/...} is a path on the host:
 * wrong (or missing) for a sandbox's mounts.
 */
final class Statvfs {

    private interface C extends Library {
        int statvfs(String path, Pointer buf);
    }

    private static final C LIBC = load();

    private Statvfs() {
    }

    private static C load() {
        try {
            return Native.load("c", C.class);
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Used kB of the file system holding {@code path}, or 0 when it cannot be read (not Linux, gone). */
    static long usedKb(String path) {
        if (LIBC == null) {
            return 0;
        }
        try (Memory buf = new Memory(256)) {
            if (LIBC.statvfs(path, buf) != 0) {
                return 0;
            }
            // glibc x86-64/aarch64 struct statvfs: f_bsize, f_frsize, f_blocks, f_bfree, ... (8 bytes each)
            long frsize = buf.getLong(8);
            long blocks = buf.getLong(16);
            long free = buf.getLong(24);
            return Math.max(0, (blocks - free) * frsize / 1024);
        }
    }
}
