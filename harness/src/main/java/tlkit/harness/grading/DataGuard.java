package tlkit.harness.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tlkit.data.Catalog;
import tlkit.data.catalog.CatalogItem;
import tlkit.data.catalog.ItemFile;
import tlkit.data.catalog.Sha256;

/**
 * Keeps the shared data cache honest between submissions. Every child reads the course data from the
 * instructor's cache, and a submission could change it (edit, delete or add files, e.g. images in a
 * held-out folder) to help itself or hurt the next one. After each submission the grader checks every
 * cached item against its manifest (sizes, SHA-256, no extra files) and re-pulls what was changed.
 */
final class DataGuard {

    private final Catalog catalog;

    DataGuard(Catalog catalog) {
        this.catalog = catalog;
    }

    Path cacheDir() {
        return catalog.cacheDir();
    }

    /** What differs from the manifests (empty when the cache is intact); changed items are restored. */
    List<String> checkAndRepair() {
        List<String> changes = new ArrayList<>();
        for (String id : catalog.ids()) {
            if (!catalog.isPresent(id)) {
                continue;
            }
            CatalogItem item = catalog.item(id);
            String change = firstChange(item, catalog.cacheDir().resolve(id));
            if (change != null) {
                changes.add(id + ": " + change);
                restore(item);
            }
        }
        return changes;
    }

    private static String firstChange(CatalogItem item, Path dir) {
        Set<String> expected = new HashSet<>();
        try {
            for (ItemFile f : item.files()) {
                expected.add(f.path());
                Path p = dir.resolve(f.path());
                if (!Files.isRegularFile(p) || Files.size(p) != f.size() || !Sha256.of(p).equals(f.sha256())) {
                    return "file " + f.path() + " was changed or removed";
                }
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    String rel = dir.relativize(p).toString().replace('\\', '/');
                    if (!expected.contains(rel)) {
                        return "file " + rel + " was added";
                    }
                }
            }
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
        return null;
    }

    private void restore(CatalogItem item) {
        Path dir = catalog.cacheDir().resolve(item.id());
        try {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(catalog.cacheDir().resolve(item.id() + ".complete"));
            catalog.pull(item.id());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The data cache item '" + item.id() + "' in " + catalog.cacheDir()
                    + " was changed by a submission and could not be restored (" + e.getMessage()
                    + "); run ./kit pull " + item.id() + " and grade again", e);
        }
    }
}
