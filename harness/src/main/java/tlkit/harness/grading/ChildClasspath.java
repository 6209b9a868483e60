package tlkit.harness.grading;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The class path of a submission's child JVM: this JVM's entries, absolute, with manifest-only jars
 * (Maven Surefire's booter) and {@code dir/*} wildcards expanded into the jars they name, so a
 * sandbox can mount exactly these files. Folders that hold notebooks are left out: a test run's
 * class folder carries instructor notebooks, which must never be on a submission's file system.
 */
final class ChildClasspath {

    private ChildClasspath() {
    }

    static List<Path> ofThisJvm() {
        Set<Path> out = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                add(Path.of(e), out);
            }
        }
        return List.copyOf(out);
    }

    static String join(List<Path> entries) {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    private static void add(Path entry, Set<Path> out) {
        if (entry.getFileName() != null && entry.getFileName().toString().equals("*")) {
            Path dir = entry.getParent() == null ? Path.of("") : entry.getParent();
            try (Stream<Path> s = Files.list(dir.toAbsolutePath())) {
                s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(p -> add(p, out));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the class path folder " + dir + ": " + e.getMessage(), e);
            }
            return;
        }
        Path p = entry.toAbsolutePath().normalize();
        if (!Files.exists(p) || out.contains(p)) {
            return;
        }
        if (Files.isDirectory(p)) {
            if (!holdsNotebooks(p)) {
                out.add(p);
            }
            return;
        }
        List<Path> fromManifest = manifestClassPath(p);
        if (fromManifest.isEmpty() || !isManifestOnly(p)) {
            out.add(p);
        }
        fromManifest.forEach(m -> add(m, out));
    }

    private static boolean holdsNotebooks(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".ipynb"));
        } catch (IOException e) {
            return true;
        }
    }

    private static List<Path> manifestClassPath(Path jar) {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (cp == null || cp.isBlank()) {
                return List.of();
            }
            List<Path> entries = new ArrayList<>();
            URI base = jar.toUri();
            for (String ref : cp.trim().split("\\s+")) {
                entries.add(Path.of(base.resolve(ref)));
            }
            return entries;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static boolean isManifestOnly(Path jar) {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream().noneMatch(e -> e.getName().endsWith(".class"));
        } catch (IOException e) {
            return false;
        }
    }
}
