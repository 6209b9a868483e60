package tlkit.data;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The shared course data used as mirror by the tests (-Dtlkit.mirror, set by the build). */
public final class TestMirror {

    private TestMirror() {
    }

    public static Path dir() {
        String m = System.getProperty("tlkit.mirror", "");
        if (m.isBlank()) {
            m = System.getenv().getOrDefault("TLKIT_MIRROR", "");
        }
        Assumptions.assumeFalse(m.isBlank(), "needs the course data mirror: run with -Dtlkit.mirror=/work/shared/data");
        Path p = Path.of(m);
        Assumptions.assumeTrue(Files.isRegularFile(p.resolve("SHA256SUMS")), "no SHA256SUMS in mirror " + p);
        return p;
    }

    /** All regular files under {@code dir} whose name ends with {@code suffix}. */
    public static long countFiles(Path dir, String suffix) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
