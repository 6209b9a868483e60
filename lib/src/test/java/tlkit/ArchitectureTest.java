package tlkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's packages form layers, bottom to top: data &lt; models &lt; tune &lt; eval &lt; viz, with the
 * modality packages text and audio on top of them (they may use every layer, e.g. audio draws its pictures
 * with viz's colour map; nothing in the layers imports them back) and grading on top. Imports and fully qualified {@code tlkit.} references in every main source
 * file (comments and string literals ignored) must point downward or within the layer, and the package graph
 * must have no cycle.
 */
class ArchitectureTest {

    /** Layer of a package (its top-level package under tlkit) and the layers it may use, besides itself. */
    static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("data", List.of());
        MAY_USE.put("models", List.of("data"));
        MAY_USE.put("tune", List.of("data", "models"));
        MAY_USE.put("eval", List.of("data", "models", "tune"));
        MAY_USE.put("viz", List.of("data", "models", "tune", "eval"));
        MAY_USE.put("text", List.of("data", "models", "tune", "eval", "viz"));
        MAY_USE.put("audio", List.of("data", "models", "tune", "eval", "viz"));
        MAY_USE.put("grading", List.of("data", "models", "tune", "eval", "viz", "text", "audio"));
    }

    private static final Path MAIN_SOURCES = Path.of(System.getProperty("basedir", "."), "src/main/java");

    @Test
    void mainSourcesHaveNoPackageCycle() {
        PackageGraph graph = PackageGraph.of(mainSources());
        assertTrue(graph.packages().size() > 5, "found no sources under " + MAIN_SOURCES.toAbsolutePath());
        assertEquals(List.of(), graph.cycles(), "package cycles (break them by moving a class down a layer)");
    }

    @Test
    void mainSourcesOnlyUseLowerLayers() {
        assertEquals(List.of(), PackageGraph.of(mainSources()).layerViolations(),
                "imports against the layer order " + MAY_USE);
    }

    @Test
    void checkerNamesACycleAndAnUpwardImport() {
        PackageGraph graph = PackageGraph.of(Map.of(
                "tlkit/data/A.java", "package tlkit.data;\nimport tlkit.tune.B; // a comment: tlkit.viz.Z\nclass A {}",
                "tlkit/tune/B.java", "package tlkit.tune;\nclass B { tlkit.data.A a; String s = \"tlkit.eval.X\"; }"));
        assertEquals(List.of("tlkit.data -> tlkit.tune -> tlkit.data"), graph.cycles());
        assertEquals(List.of("tlkit.data -> tlkit.tune (tlkit/data/A.java)"), graph.layerViolations());
    }

    @Test
    void checkerSeesWildcardImportsAndSubPackageCycles() {
        PackageGraph graph = PackageGraph.of(Map.of(
                "tlkit/models/R.java", "package tlkit.models;\nimport tlkit.models.image.*;\nclass R {}",
                "tlkit/models/image/M.java", "package tlkit.models.image;\nclass M extends tlkit.models.R {}"));
        assertEquals(List.of("tlkit.models -> tlkit.models.image -> tlkit.models"), graph.cycles());
        assertEquals(List.of(), graph.layerViolations());
    }

    private static Map<String, String> mainSources() {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.put(MAIN_SOURCES.relativize(f).toString(), Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    /** Package-to-package references of a set of Java sources, keyed by file name. */
    record PackageGraph(Map<String, Map<String, String>> edges) {

        private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
        /** {@code tlkit.a.b.Type} or {@code tlkit.a.b.*}: the package is everything before the first capital. */
        private static final Pattern REFERENCE = Pattern.compile("\\btlkit((?:\\.[a-z_][a-z0-9_]*)*)\\.(?:[A-Z]|\\*)");
        /** Comments, text blocks, strings and chars, in the order a lexer meets them. */
        private static final Pattern NOT_CODE = Pattern.compile(
                "/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'", Pattern.DOTALL);

        static PackageGraph of(Map<String, String> sourcesByFile) {
            Map<String, Map<String, String>> edges = new TreeMap<>();
            sourcesByFile.forEach((file, source) -> {
                String code = NOT_CODE.matcher(source).replaceAll(" ");
                Matcher p = PACKAGE.matcher(code);
                if (!p.find()) {
                    return;
                }
                Map<String, String> targets = edges.computeIfAbsent(p.group(1), k -> new TreeMap<>());
                Matcher r = REFERENCE.matcher(code);
                while (r.find()) {
                    String target = "tlkit" + r.group(1);
                    if (!target.equals(p.group(1))) {
                        targets.putIfAbsent(target, file.replace('\\', '/'));
                    }
                }
            });
            return new PackageGraph(edges);
        }

        Set<String> packages() {
            return edges.keySet();
        }

        /** Every edge whose target layer the source layer may not use, as "from -> to (first file)". */
        List<String> layerViolations() {
            List<String> out = new ArrayList<>();
            edges.forEach((from, targets) -> targets.forEach((to, file) -> {
                String a = layer(from);
                String b = layer(to);
                if (!MAY_USE.containsKey(a)) {
                    out.add(from + " is in no declared layer: add '" + a + "' to ArchitectureTest.MAY_USE");
                } else if (!a.equals(b) && !MAY_USE.get(a).contains(b)) {
                    out.add(from + " -> " + to + " (" + file + ")");
                }
            }));
            return out;
        }

        /** One cycle per strongly connected group of packages, as "a -> b -> a". */
        List<String> cycles() {
            List<String> out = new ArrayList<>();
            Set<String> reported = new TreeSet<>();
            for (String start : edges.keySet()) {
                if (reported.contains(start)) {
                    continue;
                }
                List<String> path = shortestPathBack(start);
                if (path != null) {
                    reported.addAll(path);
                    out.add(String.join(" -> ", path));
                }
            }
            return out;
        }

        /** Breadth-first search from start back to start; the cycle's packages, start repeated at the end. */
        private List<String> shortestPathBack(String start) {
            Map<String, String> parent = new LinkedHashMap<>();
            List<String> frontier = new ArrayList<>(List.of(start));
            while (!frontier.isEmpty()) {
                List<String> next = new ArrayList<>();
                for (String node : frontier) {
                    for (String to : edges.getOrDefault(node, Map.of()).keySet()) {
                        if (to.equals(start)) {
                            List<String> path = new ArrayList<>(List.of(start));
                            for (String n = node; !n.equals(start); n = parent.get(n)) {
                                path.add(1, n);
                            }
                            path.add(start);
                            return path;
                        }
                        if (!parent.containsKey(to)) {
                            parent.put(to, node);
                            next.add(to);
                        }
                    }
                }
                frontier = next;
            }
            return null;
        }

        private static String layer(String pkg) {
            String[] parts = pkg.split("\\.");
            return parts.length > 1 ? parts[1] : "";
        }
    }
}
