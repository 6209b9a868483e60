package tlkit.harness.grading;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The java command line of a submission's kernel: the JDK's launcher, heap and JIT flags, the
 * grader's extra flags, the class path and {@link GradingKernel}. A confinement adds the settings
 * that depend on where the child runs (data cache, temp folder).
 */
record JvmCommand(Path javaHome, List<Path> classpath, List<String> flags) {

    static JvmCommand forKernel(Limits limits, List<String> extraFlags, List<Path> classpath) {
        List<String> flags = new ArrayList<>();
        flags.add("-Xmx" + limits.heapMb() + "m");
        flags.add("-XX:+DisableAttachMechanism");
        flags.add("-XX:-UsePerfData");
        flags.add("-XX:TieredStopAtLevel=1");
        flags.add("-XX:+UseSerialGC");
        flags.add("-Djava.awt.headless=true");
        flags.add("-Dai.djl.offline=true");
        // lets StudentThreads shut down the executors a submission left running (Thread.target)
        flags.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        flags.addAll(extraFlags);
        return new JvmCommand(Path.of(System.getProperty("java.home")), List.copyOf(classpath), List.copyOf(flags));
    }

    List<String> toList(List<String> placeFlags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        cmd.addAll(flags);
        cmd.addAll(placeFlags);
        cmd.add("-cp");
        cmd.add(ChildClasspath.join(classpath));
        cmd.add(GradingKernel.class.getName());
        return cmd;
    }
}
