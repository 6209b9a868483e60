package tlkit.harness.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kit and the harness use nothing the JDK has marked for removal (the Security Manager,
 * {@code Thread.suspend}, ...), as {@code jdeprscan --release 17 --for-removal} sees it: only JDK 17 is
 * installable here, so this is what keeps them running on later JDKs.
 */
class DeprecationScanTest {

    static final Path ROOT = Path.of(System.getProperty("tlkit.root", "..")).toAbsolutePath().normalize();

    /** Uses an API deprecated for removal, so the scan is shown to find such uses. */
    @SuppressWarnings("removal")
    static final class Canary {
        static Object manager() {
            return System.getSecurityManager();
        }
    }

    /**
     * The kit's and the harness's own classes. tlkit.jar also carries relocated third-party code (DJL's api,
     * gson, commons-compress: some of it still calls AccessController); that is its authors' to fix and is
     * on the scan's class path only.
     */
    @Test
    void kitAndHarnessUseNothingDeprecatedForRemoval() throws Exception {
        Path kit = ROOT.resolve("lib/target/classes");
        Path harness = ROOT.resolve("harness/target/classes");
        assertTrue(Files.isDirectory(kit.resolve("tlkit")) && Files.isDirectory(harness.resolve("tlkit")),
                "build first: mvn -B package -DskipTests (missing " + kit + " or " + harness + ")");
        assertEquals(List.of(), findings(classPath(), kit.toString(), harness.toString()));
    }

    @Test
    void theScanFindsAUseOfTheSecurityManager() throws Exception {
        Path testClasses = Path.of(Canary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found = findings(testClasses.toString(), Canary.class.getName());
        assertTrue(found.stream().anyMatch(l -> l.contains("SecurityManager") && l.contains("forRemoval=true")), found.toString());
    }

    private static String classPath() throws IOException {
        List<String> jars = new ArrayList<>();
        for (Path dir : List.of(ROOT.resolve("lib/target/kit"), ROOT.resolve("harness/target/lib"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(Path::toString).filter(p -> p.endsWith(".jar")).sorted().forEach(jars::add);
            }
        }
        return String.join(File.pathSeparator, jars);
    }

    /** jdeprscan's report lines, without its "Jar file ..." / "Directory ..." headers. */
    private static List<String> findings(String classPath, String... targets) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jdeprscan").toString(),
                "--release", "17", "--for-removal", "--class-path", classPath));
        cmd.addAll(List.of(targets));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "jdeprscan did not finish");
        assertEquals(0, p.exitValue(), "jdeprscan failed: " + out);
        return out.lines().filter(l -> !l.isBlank() && !l.startsWith("Jar file ") && !l.startsWith("Directory ")).toList();
    }
}
