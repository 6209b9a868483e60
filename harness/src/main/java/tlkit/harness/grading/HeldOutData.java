package tlkit.harness.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An assignment's held-out test files ({@code metadata.tlkit.heldOut} of the instructor's notebook):
 * which files of the data cache they are, and, for the sandbox, a <em>student view</em> of each such
 * item: a folder with the item's other files (hard links, or copies across file systems) that the
 * sandbox mounts in place of the item, in the cache and over the mirror's copy. The held-out files
 * themselves reach the kernel only over the encrypted channel, after the student's cells
 * ({@link SubmissionGrader}).
 */
final class HeldOutData implements AutoCloseable {

    /** One held-out file: item id, path inside the item ('/'), and where it is on the grader's side. */
    record HeldOutFile(String item, String path, Path host) {
    }

    private final Map<String, String> patterns;
    private final Path cacheDir;
    private Path viewRoot;
    private final Map<String, Path> views = new LinkedHashMap<>();

    HeldOutData(Map<String, String> patterns, Path cacheDir) {
        this.patterns = Map.copyOf(patterns);
        this.cacheDir = cacheDir.toAbsolutePath();
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    Map<String, String> patterns() {
        return patterns;
    }

    /** Every held-out file, item by item, in path order; throws when an item has none (a wrong pattern). */
    List<HeldOutFile> files() {
        List<HeldOutFile> out = new ArrayList<>();
        patterns.forEach((id, regex) -> {
            Pattern p = Pattern.compile(regex);
            Path item = cacheDir.resolve(id);
            int before = out.size();
            for (String rel : relativeFiles(item)) {
                if (p.matcher(rel).matches()) {
                    out.add(new HeldOutFile(id, rel, item.resolve(rel)));
                }
            }
            if (out.size() == before) {
                throw new IllegalStateException("no file of data item '" + id + "' (" + item + ") matches the held-out"
                        + " pattern " + regex + " of the assignment");
            }
        });
        return out;
    }

    /** Builds (once) the student view of every held-out item: item id -> folder without the held-out files. */
    synchronized Map<String, Path> views() {
        if (!views.isEmpty() || patterns.isEmpty()) {
            return Map.copyOf(views);
        }
        try {
            viewRoot = Files.createTempDirectory("tlkit-student-view-");
            for (Map.Entry<String, String> e : patterns.entrySet()) {
                Pattern p = Pattern.compile(e.getValue());
                Path item = cacheDir.resolve(e.getKey());
                Path view = viewRoot.resolve(e.getKey());
                Files.createDirectories(view);
                for (String rel : relativeFiles(item)) {
                    if (p.matcher(rel).matches()) {
                        continue;
                    }
                    Path to = view.resolve(rel);
                    Files.createDirectories(to.getParent());
                    try {
                        Files.createLink(to, item.resolve(rel));
                    } catch (IOException | UnsupportedOperationException notSameFileSystem) {
                        Files.copy(item.resolve(rel), to);
                    }
                }
                // every held-out folder stays, empty, so code that lists it finds nothing rather than an error
                try (Stream<Path> s = Files.walk(item)) {
                    for (Path d : s.filter(Files::isDirectory).toList()) {
                        Files.createDirectories(view.resolve(item.relativize(d).toString()));
                    }
                }
                views.put(e.getKey(), view);
            }
            return Map.copyOf(views);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the student view of the data: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (viewRoot == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(viewRoot)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            // a leftover temp folder of links: harmless
        }
        viewRoot = null;
        views.clear();
    }

    static List<String> relativeFiles(Path dir) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .forEach(f -> out.add(dir.relativize(f).toString().replace('\\', '/')));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }
}
