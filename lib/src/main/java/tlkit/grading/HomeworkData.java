package tlkit.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tlkit.data.Catalog;

/**
 * Where a homework finds its data, so that grading never measures on data the student's code could
 * train on.
 *
 * <p>{@link #path(String)} is the data a notebook may use. At home it is the catalog's folder (pulled
 * and verified, all of the public data). Inside the grader's sandbox it is the grader's <em>student
 * view</em> of the item: the same folder without the held-out test files the instructor's notebook
 * names in its metadata ({@code metadata.tlkit.heldOut}); those files are not anywhere in the sandbox
 * while the student's cells run (not in the cache, not in the mirror).
 *
 * <p>{@link #heldOut(String, String)} is for the hidden tests: a folder holding only the held-out
 * files. In grading, the grader sends them into the kernel after every student cell has run and every
 * thread the student left has been stopped; at home it is a folder of links to the matching public
 * files. In grading the first call reads the delivered files into memory and deletes them; each call
 * writes a fresh copy, and {@link #forgetHeldOut()} deletes it once the test has loaded the data, before
 * the test calls any student code (whose model could otherwise look its inputs up in those files).
 */
public final class HomeworkData {

    /** Set by the grader's sandbox: {@link #path} is then the cache folder as mounted (the student view). */
    public static final String STUDENT_VIEW_PROPERTY = "tlkit.grading.studentView";
    /** Set by the grading kernel once the held-out files are delivered (after the student's cells). */
    public static final String HELD_OUT_PROPERTY = "tlkit.grading.heldOut";

    private HomeworkData() {
    }

    /** The folder of catalog item {@code id} as this homework may use it (see the class comment). */
    public static Path path(String id) {
        if (Boolean.parseBoolean(System.getProperty(STUDENT_VIEW_PROPERTY, "false"))) {
            Path p = Catalog.get().cacheDir().resolve(id);
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException("data item '" + id + "' is not in the grader's data view");
            }
            return p;
        }
        return Catalog.get().path(id);
    }

    /** True while grading (the kernel runs in the grader's sandbox with a student view of the data). */
    public static boolean grading() {
        return Boolean.parseBoolean(System.getProperty(STUDENT_VIEW_PROPERTY, "false"))
                || System.getProperty(HELD_OUT_PROPERTY) != null;
    }

    /**
     * A folder with the same layout as item {@code id}'s, holding only its held-out files, whose paths
     * (relative to the item, with '/') match {@code regex}. Throws when there are none, or (in grading)
     * when the grader delivered a file that does not match: the notebook's metadata and its test disagree.
     */
    public static synchronized Path heldOut(String id, String regex) {
        Pattern p = Pattern.compile(regex);
        String delivered = System.getProperty(HELD_OUT_PROPERTY);
        if (delivered != null) {
            synchronized (HomeworkData.class) {
                if (memory == null || !delivered.equals(memoryFrom)) {
                    // keyed by the folder: a copy read from some folder a student cell once named is never reused
                    memory = readAndDelete(Path.of(delivered));
                    memoryFrom = delivered;
                }
                java.util.Map<String, byte[]> files = new java.util.TreeMap<>();
                memory.forEach((k, v) -> {
                    if (k.startsWith(id + "/")) {
                        files.put(k.substring(id.length() + 1), v);
                    }
                });
                if (files.isEmpty()) {
                    throw new IllegalStateException("the grader delivered no held-out files of '" + id + "'");
                }
                try {
                    Path dir = Files.createTempDirectory("tlkit-heldout-").resolve(id);
                    for (var f : files.entrySet()) {
                        if (!p.matcher(f.getKey()).matches()) {
                            throw new IllegalStateException("held-out file " + id + "/" + f.getKey() + " does not match "
                                    + regex + ": the notebook's metadata.tlkit.heldOut and its hidden test disagree");
                        }
                        Path to = dir.resolve(f.getKey());
                        Files.createDirectories(to.getParent());
                        Files.write(to, f.getValue());
                    }
                    home = dir.getParent();
                    return dir;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the held-out files: " + e.getMessage(), e);
                }
            }
        }
        if (grading()) {
            throw new IllegalStateException("no held-out data: the grader delivers it only to the hidden tests");
        }
        // at home: links to the public files that the grader would hold out
        Path item = Catalog.get().path(id);
        try {
            Path dir = Files.createTempDirectory("tlkit-heldout-").resolve(id);
            int n = 0;
            for (String f : relativeFiles(item)) {
                if (p.matcher(f).matches()) {
                    Path link = dir.resolve(f);
                    Files.createDirectories(link.getParent());
                    Files.createSymbolicLink(link, item.resolve(f).toAbsolutePath());
                    n++;
                }
            }
            if (n == 0) {
                throw new IllegalStateException("no file of '" + id + "' matches " + regex);
            }
            home = dir.getParent();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the held-out folder: " + e.getMessage(), e);
        }
    }

    private static Path home;
    /** In grading: the delivered held-out files (item/path -> bytes), read once, their folder deleted. */
    private static java.util.Map<String, byte[]> memory;
    private static String memoryFrom;

    private static java.util.Map<String, byte[]> readAndDelete(Path dir) {
        java.util.Map<String, byte[]> out = new java.util.TreeMap<>();
        try {
            for (String f : relativeFiles(dir)) {
                out.put(f, Files.readAllBytes(dir.resolve(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the held-out files: " + e.getMessage(), e);
        }
        delete(dir);
        return out;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the held-out folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the folder the last {@link #heldOut} call made (written copies in grading, links at home):
     * call it once the test has loaded the data into memory, before it calls the student's code.
     */
    public static synchronized void forgetHeldOut() {
        if (home != null && Files.isDirectory(home)) {
            delete(home);
        }
        home = null;
    }

    /** Regular files under {@code dir}, as sorted relative paths with '/'. */
    static List<String> relativeFiles(Path dir) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(f -> out.add(dir.relativize(f).toString().replace('\\', '/')));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }
}
