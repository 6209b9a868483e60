package tlkit.harness.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tlkit.data.catalog.Sha256;

/** SHA-256 of every file under some folders (lock files left out), to show that nothing changed there. */
final class Digests {

    private Digests() {
    }

    static Map<String, String> of(List<Path> roots) {
        Map<String, String> out = new TreeMap<>();
        for (Path root : roots) {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.toList()) {
                    if (p.toString().endsWith(".lock")) {
                        continue;
                    }
                    out.put(p.toString(), Files.isSymbolicLink(p) ? "link " + Files.readSymbolicLink(p)
                            : Files.isRegularFile(p) ? Sha256.of(p) : "dir");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static List<String> changes(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        before.forEach((k, v) -> {
            if (!v.equals(after.get(k))) {
                out.add(k + (after.containsKey(k) ? " changed" : " removed"));
            }
        });
        after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(k -> out.add(k + " added"));
        return out;
    }
}
