package tlkit.harness.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import tlkit.harness.kernel.CellOutcome;
import tlkit.harness.kernel.KernelSession;
import tlkit.harness.runner.kernel.KernelJob;
import tlkit.harness.runner.kernel.KernelMain;

/**
 * Runs a {@link KernelJob} in a fresh JVM whose working directory is the notebook's folder, as a new
 * IJava kernel would. The child's classpath holds only the kernel packages (copied out of this code's
 * jar or classes folder), because JShell compiles notebook code against the JVM's classpath: anything
 * more (Gson, the lib) would let a notebook compile here that fails in IJava.
 */
final class KernelProcess {
    /** The runner's child entry point and the kernel core it runs: all the harness a notebook can see. */
    private static final List<String> KERNEL_PACKAGES = List.of(
            KernelMain.class.getPackageName().replace('.', '/') + "/",
            KernelSession.class.getPackageName().replace('.', '/') + "/");

    /** What the child left behind. */
    record Outcome(List<CellOutcome> cells, int exitCode, boolean killedByRunTimeout, boolean finished,
                   Integer runningNotebookIndex, Integer runningCount, long peakMemoryKib) {}

    private KernelProcess() {}

    static Outcome run(KernelJob.CellJob[] cells, Path workingDir, NotebookRunner runner) throws IOException, InterruptedException {
        Path scratch = Files.createTempDirectory("tlkit-kernel-");
        try {
            Path classes = scratch.resolve("classes");
            copyKernelClasses(classes);
            Path results = Files.createDirectories(scratch.resolve("results"));
            Path jobFile = scratch.resolve("job.ser");
            KernelJob job = new KernelJob(List.of(cells), runner.cellTimeout().toMillis(), runner.allowErrors(), results.toString());
            try (OutputStream o = Files.newOutputStream(jobFile); ObjectOutputStream oos = new ObjectOutputStream(o)) {
                oos.writeObject(job);
            }
            ProcessBuilder pb = new ProcessBuilder(command(classes, jobFile, runner.jvmArgs()))
                    .directory(workingDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(runner.console())
                    .redirectError(runner.console() == ProcessBuilder.Redirect.INHERIT ? ProcessBuilder.Redirect.INHERIT
                            : ProcessBuilder.Redirect.appendTo(runner.console().file()));
            Map<String, String> env = pb.environment();
            env.put("OPT_OUT_TRACKING", "true");
            env.putAll(runner.environment());
            Process process = pb.start();
            process.getOutputStream().close(); // no stdin, as in a notebook
            boolean killed = false;
            Duration limit = runner.runTimeout();
            if (limit == null) {
                process.waitFor();
            } else if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                killed = true;
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
            int exit = killed ? -1 : process.exitValue();
            return collect(results, exit, killed);
        } finally {
            deleteRecursively(scratch);
        }
    }

    private static Outcome collect(Path results, int exit, boolean killed) throws IOException {
        List<CellOutcome> cells = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("cell-\\d+\\.ser")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f); ObjectInputStream ois = new ObjectInputStream(in)) {
                    cells.add((CellOutcome) ois.readObject());
                } catch (ClassNotFoundException e) {
                    throw new IOException("kernel result " + f + " is unreadable: " + e.getMessage(), e);
                }
            }
        }
        Integer runningIndex = null;
        Integer runningCount = null;
        Path marker = results.resolve("running");
        if (Files.exists(marker)) {
            String[] parts = Files.readString(marker).trim().split(" ");
            runningIndex = Integer.parseInt(parts[0]);
            runningCount = Integer.parseInt(parts[1]);
        }
        Path done = results.resolve(KernelMain.DONE_MARKER);
        boolean finished = Files.exists(done);
        String peak = finished ? Files.readString(done).trim() : "";
        return new Outcome(cells, exit, killed, finished, runningIndex, runningCount,
                peak.isEmpty() ? -1 : Long.parseLong(peak));
    }

    private static List<String> command(Path classes, Path jobFile, List<String> jvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dfile.encoding=UTF-8");
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("tlkit.")) cmd.add("-D" + name + "=" + System.getProperty(name));
        }
        cmd.add("-cp");
        List<String> classpath = new ArrayList<>(List.of(classes.toString()));
        ijavaBundledJars().forEach(j -> classpath.add(j.toString()));
        cmd.add(String.join(java.io.File.pathSeparator, classpath));
        cmd.add(KernelMain.class.getName());
        cmd.add(jobFile.toString());
        return cmd;
    }

    /**
     * IJava's own copies of the libraries it bundles unrelocated (gson 2.8.5, commons-lang3 3.8.1), copied
     * by the build beside the harness (target/ijava-bundled): in IJava they come before anything %jars adds.
     */
    static List<Path> ijavaBundledJars() throws IOException {
        Path target = codeSource().getParent();
        Path bundled = target.resolve("ijava-bundled");
        if (!Files.isDirectory(bundled)) {
            throw new IOException("the runner models IJava's bundled libraries from " + bundled
                    + ", which is missing: build the harness (./kit build)");
        }
        try (Stream<Path> jars = Files.list(bundled)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static Path codeSource() throws IOException {
        try {
            return Path.of(KernelMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("cannot locate the runner's kernel classes: " + e, e);
        }
    }

    /** Copies the kernel packages' classes out of wherever this code was loaded from (folder or jar). */
    private static void copyKernelClasses(Path target) throws IOException {
        Path source = codeSource();
        for (String pkg : KERNEL_PACKAGES) {
            Path dest = Files.createDirectories(target.resolve(pkg));
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.list(source.resolve(pkg))) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                        Files.copy(f, dest.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } else {
                try (JarFile jar = new JarFile(source.toFile())) {
                    for (JarEntry e : jar.stream().toList()) {
                        String name = e.getName();
                        if (name.startsWith(pkg) && name.endsWith(".class") && name.indexOf('/', pkg.length()) < 0) {
                            try (InputStream in = jar.getInputStream(e)) {
                                Files.copy(in, dest.resolve(name.substring(pkg.length())), StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
