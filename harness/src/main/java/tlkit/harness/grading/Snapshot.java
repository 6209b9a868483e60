package tlkit.harness.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every submission copied into a private folder before the first one runs, so nothing a submission
 * does to the submissions folder (rewrite, delete or swap a classmate's file) reaches what is graded.
 * Only regular files are taken: a symlink (to the solution, say), a device or pipe, or a file over
 * {@link #MAX_BYTES} is rejected with a note and scores 0.
 */
final class Snapshot implements AutoCloseable {

    static final long MAX_BYTES = 20L << 20;

    /** One submission: its name (path without .ipynb), and its copy or why it was rejected. */
    record Entry(String name, Path copy, String rejected) {
    }

    private final Path dir;
    private final List<Entry> entries;

    private Snapshot(Path dir, List<Entry> entries) {
        this.dir = dir;
        this.entries = entries;
    }

    static Snapshot take(Path submissions) {
        List<Path> files;
        try (Stream<Path> s = Files.walk(submissions)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".ipynb"))
                    .filter(p -> !p.toString().contains(".ipynb_checkpoints"))
                    .filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list submissions in " + submissions + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No .ipynb submissions under " + submissions);
        }
        try {
            Path dir = Files.createTempDirectory("tlkit-snapshot-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            List<Entry> entries = new ArrayList<>();
            for (Path f : files) {
                String name = submissions.relativize(f).toString().replaceAll("\\.ipynb$", "");
                Path copy = dir.resolve(entries.size() + ".ipynb");
                entries.add(new Entry(name, copy, copy(f, copy)));
            }
            return new Snapshot(dir, List.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot snapshot the submissions into a temp folder: " + e.getMessage()
                    + " (check that java.io.tmpdir is writable)", e);
        }
    }

    /** Copies {@code f} to {@code copy}; the reason it was rejected, or null. */
    private static String copy(Path f, Path copy) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            return "rejected: the submission is a symbolic link, not a file; submit the notebook itself";
        }
        if (!a.isRegularFile()) {
            return "rejected: the submission is not a regular file";
        }
        if (a.size() > MAX_BYTES) {
            return "rejected: the notebook is " + a.size() / (1 << 20) + " MB, over the limit of "
                    + MAX_BYTES / (1 << 20) + " MB; clear its outputs and submit again";
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes((int) MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            return "rejected: the notebook grew over the limit of " + MAX_BYTES / (1 << 20) + " MB while it was read";
        }
        Files.write(copy, bytes);
        return null;
    }

    List<Entry> entries() {
        return entries;
    }

    @Override
    public void close() {
        Unconfined.deleteTree(dir);
    }
}
