package tlkit.harness.grading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a submission's kernel inside bubblewrap: its own PID namespace (everything it starts dies
 * with it, and it sees no process of the grader), no network, a new session (no terminal to write
 * into), and a file system built from read-only mounts of exactly what the kernel needs: the system's
 * libraries and JDK, the class path's jars, the course data (each cached item verified by the grader,
 * then mounted read-only over a private tmpfs, so locks and any private pulls stay in the sandbox),
 * the mirror and DJL's native libraries. Its only writable places are private tmpfs mounts (home,
 * /tmp) with a size limit; they vanish with the sandbox. CPU time, file size, open files and core
 * dumps are limited with {@code ulimit} inside; memory by {@code -Xmx} and the grader's
 * resident-memory watch (which counts the tmpfs files too); processes and threads by a
 * {@link TaskLimit} cgroup where the host allows one.
 */
final class Sandbox implements Confinement {

    static final String HOME = "/home/student";
    static final String CACHE = "/tlkit/data";
    static final String DJL = "/tlkit/djl";
    // tmpfs pages are memory: ChildKernel's watch adds their use (scratchKb) to the resident memory
    static final long HOME_BYTES = 256L << 20;
    static final long TMP_BYTES = 512L << 20;
    static final long CACHE_SCRATCH_BYTES = 256L << 20;
    static final int MAX_FILE_KB = 512 * 1024;

    private static final List<String> SYSTEM_DIRS = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final List<String> ETC_FILES = List.of("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "fonts",
            "passwd", "group", "nsswitch.conf", "localtime", "timezone", "alternatives");

    private final Path bwrap;
    private final Path dataCache;
    private final Path djlCache;
    private volatile Map<String, Path> studentViews = Map.of();
    private volatile Map<String, String> mirrorPaths = Map.of();

    /**
     * Items whose held-out test files must not be in the sandbox: each is mounted from its student view
     * (a folder without those files) in the data cache and over its copy in the mirror.
     */
    void studentViews(Map<String, Path> views, Map<String, String> itemMirrorPaths) {
        this.studentViews = Map.copyOf(views);
        this.mirrorPaths = Map.copyOf(itemMirrorPaths);
    }

    private Sandbox(Path bwrap, Path dataCache, Path djlCache) {
        this.bwrap = bwrap;
        this.dataCache = dataCache.toAbsolutePath();
        this.djlCache = djlCache.toAbsolutePath();
    }

    /** The sandbox, or why there is none here (bwrap missing or refused by the kernel). */
    static Sandbox detect(Path dataCache) {
        return detect(dataCache, System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    static Sandbox detect(Path dataCache, String searchPath) {
        Path bwrap = onPath("bwrap", searchPath).orElseThrow(() -> new IllegalStateException(
                "bubblewrap (bwrap) is not installed: install it (Debian/Ubuntu: apt-get install bubblewrap)"));
        String refusal = probe(bwrap);
        if (refusal != null) {
            throw new IllegalStateException(bwrap + " cannot create a sandbox here (" + refusal.strip()
                    + "): enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) or run as root");
        }
        return new Sandbox(bwrap, dataCache, djlCacheDir());
    }

    static Path djlCacheDir() {
        String env = System.getenv("DJL_CACHE_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".djl.ai");
    }

    private static String probe(Path bwrap) {
        try {
            Process p = new ProcessBuilder(bwrap.toString(), "--ro-bind", "/", "/", "--unshare-pid", "--unshare-net",
                    "--die-with-parent", "--proc", "/proc", "--dev", "/dev", "true").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "no answer in 30 s";
            }
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static Optional<Path> onPath(String name, String searchPath) {
        for (String dir : searchPath.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public Run start(JvmCommand jvm, Path submission, Limits limits) throws IOException {
        Optional<Path> cgroup = TaskLimit.create();
        List<String> c = new ArrayList<>(cgroup.map(TaskLimit::enter).orElse(List.of()));
        c.addAll(List.of(bwrap.toString(), "--die-with-parent", "--new-session",
                "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--hostname", "sandbox", "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", HOME,
                "--setenv", "LANG", "C.UTF-8", "--setenv", "OPT_OUT_TRACKING", "true", "--setenv", "DJL_CACHE_DIR", DJL));
        systemMounts(c, jvm.javaHome());
        c.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
        tmpfs(c, "/tmp", TMP_BYTES);
        tmpfs(c, HOME, HOME_BYTES);
        roBind(c, submission.toAbsolutePath(), HOME + "/submission.ipynb");
        c.addAll(List.of("--chdir", HOME));
        for (Path entry : jvm.classpath()) {
            roBind(c, entry, entry.toString());
        }
        tmpfs(c, CACHE, CACHE_SCRATCH_BYTES);
        Map<String, Path> views = studentViews;
        mountEntries(c, dataCache, CACHE, views.keySet());
        views.forEach((id, view) -> roBind(c, view, CACHE + "/" + id));
        tmpfs(c, DJL, CACHE_SCRATCH_BYTES);
        mountEntries(c, djlCache, DJL, Set.of());
        List<String> place = new ArrayList<>(List.of("-Dtlkit.cache=" + CACHE, "-Djava.io.tmpdir=/tmp",
                "-Duser.home=" + HOME, "-D" + tlkit.grading.HomeworkData.STUDENT_VIEW_PROPERTY + "=true"));
        localMirror().ifPresent(m -> {
            roBind(c, m, m.toString());
            place.add("-Dtlkit.mirror=" + m);
            views.forEach((id, view) -> {
                String rel = mirrorPaths.get(id);
                if (rel != null && Files.isDirectory(m.resolve(rel))) {
                    roBind(c, view, m.resolve(rel).toString()); // the mirror's copy, without the held-out files
                }
            });
        });
        c.addAll(List.of("/bin/sh", "-c", ulimits(limits) + " && exec \"$@\"", "sandbox"));
        c.addAll(jvm.toList(place));
        Process p = new ProcessBuilder(c).start();
        return new Run() {
            @Override
            public Process process() {
                return p;
            }

            @Override
            public void cleanup() {
                // every writable place was a tmpfs of the sandbox: gone with it
                cgroup.ifPresent(TaskLimit::remove);
            }

            @Override
            public long scratchKb() {
                return usedKb(p);
            }
        };
    }

    /**
     * Space used in the sandbox's tmpfs mounts, seen through /proc/PID/root of a process inside it (not
     * one still in the host's root while the sandbox is being built, whose /tmp is the host's).
     */
    private static long usedKb(Process sandbox) {
        Path root = null;
        for (ProcessHandle h : sandbox.descendants().toList()) {
            Path r = Path.of("/proc", Long.toString(h.pid()), "root");
            try {
                if (!Files.isSameFile(r, Path.of("/"))) {
                    root = r; // a process that already lives in the sandbox's own root
                    break;
                }
            } catch (IOException | RuntimeException e) {
                // gone, or not ours to look at
            }
        }
        if (root == null) {
            return 0;
        }
        long kb = 0;
        for (String mount : List.of("/tmp", HOME, CACHE, DJL)) {
            kb += Statvfs.usedKb(root + mount);
        }
        return kb;
    }

    private static String ulimits(Limits limits) {
        long cpuSeconds = limits.total().toSeconds() * Runtime.getRuntime().availableProcessors();
        return "ulimit -t " + cpuSeconds + " && ulimit -f " + MAX_FILE_KB + " && ulimit -n 4096 && ulimit -c 0";
    }

    private static void systemMounts(List<String> c, Path javaHome) throws IOException {
        for (String d : SYSTEM_DIRS) {
            Path p = Path.of(d);
            if (Files.isSymbolicLink(p)) {
                c.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), d));
            } else if (Files.isDirectory(p)) {
                roBind(c, p, d);
            }
        }
        for (String f : ETC_FILES) {
            c.addAll(List.of("--ro-bind-try", "/etc/" + f, "/etc/" + f));
        }
        try (Stream<Path> s = Files.list(Path.of("/etc"))) {
            s.filter(p -> p.getFileName().toString().startsWith("java-")).forEach(p -> roBind(c, p, p.toString()));
        }
        Path real = javaHome.toRealPath();
        if (!real.startsWith("/usr")) {
            roBind(c, real, real.toString());
        }
    }

    /** Every item of {@code hostDir} (not its lock or temp files) read-only at {@code inside}/name. */
    private static void mountEntries(List<String> c, Path hostDir, String inside, Set<String> skip) throws IOException {
        if (!Files.isDirectory(hostDir)) {
            return;
        }
        try (Stream<Path> s = Files.list(hostDir)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!skip.contains(name) && !name.endsWith(".lock") && !name.endsWith(".tmp") && !name.endsWith(".part") && !Files.isSymbolicLink(p)) {
                    roBind(c, p, inside + "/" + name);
                }
            }
        }
    }

    private static Optional<Path> localMirror() {
        String m = System.getProperty("tlkit.mirror", System.getenv("TLKIT_MIRROR"));
        if (m == null || m.isBlank() || m.startsWith("http:") || m.startsWith("https:")) {
            return Optional.empty();
        }
        Path p = m.startsWith("file:") ? Path.of(java.net.URI.create(m)) : Path.of(m);
        return Files.isDirectory(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
    }

    private static void tmpfs(List<String> c, String dest, long bytes) {
        c.addAll(List.of("--size", Long.toString(bytes), "--tmpfs", dest));
    }

    private static void roBind(List<String> c, Path source, String dest) {
        c.addAll(List.of("--ro-bind", source.toString(), dest));
    }

    @Override
    public List<String> unprotected() {
        return TaskLimit.available() ? List.of() : List.of("processes and threads are not capped (no writable"
                + " cgroup-v1 pids hierarchy at /sys/fs/cgroup/pids; run as root on a cgroup-v1 host to get the cap):"
                + " a fork bomb is bounded only by CPU time and memory, and dies with its sandbox");
    }
}
