package tlkit.harness.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Resolves plain Maven coordinates (group:artifact:version) with their compile/runtime dependencies,
 * like IJava's %maven: first from the local repository (~/.m2/repository or -Dmaven.repo.local), then
 * from Maven Central into a download cache. Deliberately small: nearest-wins versions, parent POMs,
 * dependencyManagement (with BOM imports), exclusions, optional and test/provided scopes skipped.
 */
final class MavenResolver {
    private static final Pattern GAV = Pattern.compile("([^:\\s]+):([^:\\s]+):([^:\\s]+)");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final String CENTRAL = "https://repo1.maven.org/maven2/";

    private final Path localRepo;
    private final Path downloadCache;
    private final Map<String, PomModel> models = new HashMap<>();
    private HttpClient http;

    record Gav(String group, String artifact, String version) {
        static Gav parse(String coordinates) {
            Matcher m = GAV.matcher(coordinates.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + coordinates + "' is not a plain Maven coordinate; write"
                        + " group:artifact:version, e.g. com.google.code.gson:gson:2.11.0");
            }
            return new Gav(m.group(1), m.group(2), m.group(3));
        }

        String ga() {
            return group + ":" + artifact;
        }

        String path(String extension) {
            return group.replace('.', '/') + "/" + artifact + "/" + version + "/" + artifact + "-" + version + "." + extension;
        }

        @Override
        public String toString() {
            return group + ":" + artifact + ":" + version;
        }
    }

    private record Dependency(String group, String artifact, String version, String scope, String type,
                              boolean optional, Set<String> exclusions) {}

    private static final class PomModel {
        final Map<String, String> properties = new HashMap<>();
        final Map<String, String> managedVersions = new HashMap<>();
        final List<Dependency> dependencies = new ArrayList<>();
        String packaging = "jar";
    }

    MavenResolver() {
        String local = System.getProperty("maven.repo.local");
        this.localRepo = local != null && !local.isBlank() ? Path.of(local)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        String cache = System.getenv("TLKIT_CACHE");
        this.downloadCache = (cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "tlkit")).resolve("maven");
    }

    /** The jars of the given roots and their transitive compile/runtime dependencies. */
    List<Path> resolve(List<Gav> roots) throws IOException {
        Map<String, Path> jars = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Deque<Object[]> queue = new ArrayDeque<>();
        for (Gav root : roots) queue.add(new Object[] {root, Set.<String>of(), Boolean.TRUE});
        while (!queue.isEmpty()) {
            Object[] item = queue.poll();
            Gav gav = (Gav) item[0];
            @SuppressWarnings("unchecked") Set<String> exclusions = (Set<String>) item[1];
            boolean isRoot = (Boolean) item[2];
            if (!seen.add(gav.ga())) continue;
            PomModel model = model(gav, isRoot);
            if (model != null && "pom".equals(model.packaging)) {
                // a POM-only artifact contributes only its dependencies
            } else {
                Path jar = artifact(gav, "jar");
                if (jar == null) {
                    String msg = "cannot find " + gav.path("jar") + " in " + localRepo + " nor on Maven Central";
                    if (isRoot) throw new IOException(msg + "; check the coordinates (group:artifact:version)");
                    System.err.println("warning: %maven: " + msg + " (transitive dependency skipped)");
                    continue;
                }
                jars.put(gav.ga(), jar);
            }
            if (model == null) continue;
            for (Dependency d : model.dependencies) {
                String scope = d.scope == null ? "compile" : d.scope;
                if (d.optional || !(scope.equals("compile") || scope.equals("runtime"))) continue;
                if (d.type != null && !d.type.equals("jar")) continue;
                String ga = d.group + ":" + d.artifact;
                if (exclusions.contains(ga) || exclusions.contains(d.group + ":*") || seen.contains(ga)) continue;
                String version = d.version != null ? d.version : model.managedVersions.get(ga);
                if (version == null) {
                    System.err.println("warning: %maven: no version for " + ga + " (needed by " + gav + "), skipped");
                    continue;
                }
                Set<String> childExclusions = new HashSet<>(exclusions);
                childExclusions.addAll(d.exclusions);
                queue.add(new Object[] {new Gav(d.group, d.artifact, plainVersion(version)), childExclusions, Boolean.FALSE});
            }
        }
        return new ArrayList<>(jars.values());
    }

    private static String plainVersion(String v) {
        String t = v.trim();
        if ((t.startsWith("[") || t.startsWith("(")) && (t.endsWith("]") || t.endsWith(")"))) {
            String inner = t.substring(1, t.length() - 1);
            String[] bounds = inner.split(",", -1);
            return (bounds[0].isBlank() && bounds.length > 1 ? bounds[1] : bounds[0]).trim();
        }
        return t;
    }

    private Path artifact(Gav gav, String extension) {
        Path local = localRepo.resolve(gav.path(extension));
        if (Files.isRegularFile(local)) return local;
        Path cached = downloadCache.resolve(gav.path(extension));
        if (Files.isRegularFile(cached)) return cached;
        return download(gav.path(extension), cached) ? cached : null;
    }

    private boolean download(String repoPath, Path target) {
        try {
            if (http == null) http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create(CENTRAL + repoPath)).timeout(Duration.ofSeconds(60)).build();
            HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                if (resp.statusCode() != 200) return false;
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return true;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private PomModel model(Gav gav, boolean required) throws IOException {
        String key = gav.toString();
        if (models.containsKey(key)) return models.get(key);
        Path pom = artifact(gav, "pom");
        PomModel model = pom == null ? null : parse(pom, gav);
        models.put(key, model);
        return model;
    }

    private PomModel parse(Path pomFile, Gav gav) throws IOException {
        Element project;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(pomFile.toFile());
            project = doc.getDocumentElement();
        } catch (Exception e) {
            throw new IOException("cannot parse POM " + pomFile + ": " + e.getMessage(), e);
        }
        return fromProject(project, gav);
    }

    /** Builds the effective model of a {@code <project>} element (also used by %%loadFromPOM). */
    private PomModel fromProject(Element project, Gav self) throws IOException {
        PomModel model = new PomModel();
        Element parent = child(project, "parent");
        if (parent != null) {
            Gav pg = new Gav(text(parent, "groupId"), text(parent, "artifactId"), text(parent, "version"));
            PomModel pm = model(pg, false);
            if (pm != null) {
                model.properties.putAll(pm.properties);
                model.managedVersions.putAll(pm.managedVersions);
                model.dependencies.addAll(pm.dependencies);
            }
            model.properties.put("project.parent.version", pg.version());
            model.properties.put("project.parent.groupId", pg.group());
        }
        String group = text(project, "groupId") != null ? text(project, "groupId")
                : parent != null ? text(parent, "groupId") : self == null ? "" : self.group();
        String version = text(project, "version") != null ? text(project, "version")
                : parent != null ? text(parent, "version") : self == null ? "" : self.version();
        model.properties.put("project.groupId", group);
        model.properties.put("project.version", version);
        model.properties.put("version", version);
        model.properties.put("project.artifactId", String.valueOf(text(project, "artifactId")));
        Element props = child(project, "properties");
        if (props != null) {
            for (Element p : children(props)) model.properties.put(p.getTagName(), p.getTextContent().trim());
        }
        if (text(project, "packaging") != null) model.packaging = text(project, "packaging");
        Element mgmt = child(project, "dependencyManagement");
        if (mgmt != null && child(mgmt, "dependencies") != null) {
            for (Element d : children(child(mgmt, "dependencies"))) {
                Dependency dep = dependency(d, model.properties);
                if ("import".equals(dep.scope) && dep.version != null) {
                    PomModel bom = model(new Gav(dep.group, dep.artifact, dep.version), false);
                    if (bom != null) bom.managedVersions.forEach(model.managedVersions::putIfAbsent);
                } else if (dep.version != null) {
                    model.managedVersions.put(dep.group + ":" + dep.artifact, dep.version);
                }
            }
        }
        Element deps = child(project, "dependencies");
        if (deps != null) {
            for (Element d : children(deps)) model.dependencies.add(dependency(d, model.properties));
        }
        return model;
    }

    /** Reads the {@code <dependency>} elements of a POM fragment (for %%loadFromPOM). */
    List<Gav> dependenciesOf(Element project) throws IOException {
        PomModel model = fromProject(project, null);
        List<Gav> gavs = new ArrayList<>();
        for (Dependency d : model.dependencies) {
            String scope = d.scope == null ? "compile" : d.scope;
            if (!(scope.equals("compile") || scope.equals("runtime"))) continue;
            String version = d.version != null ? d.version : model.managedVersions.get(d.group + ":" + d.artifact);
            if (version == null) throw new IOException("dependency " + d.group + ":" + d.artifact + " has no version");
            gavs.add(new Gav(d.group, d.artifact, plainVersion(version)));
        }
        return gavs;
    }

    private static Dependency dependency(Element d, Map<String, String> props) {
        Set<String> exclusions = new HashSet<>();
        Element ex = child(d, "exclusions");
        if (ex != null) {
            for (Element e : children(ex)) exclusions.add(interpolate(text(e, "groupId"), props) + ":" + interpolate(text(e, "artifactId"), props));
        }
        return new Dependency(interpolate(text(d, "groupId"), props), interpolate(text(d, "artifactId"), props),
                interpolate(text(d, "version"), props), interpolate(text(d, "scope"), props),
                interpolate(text(d, "type"), props), "true".equals(interpolate(text(d, "optional"), props)), exclusions);
    }

    private static String interpolate(String value, Map<String, String> props) {
        if (value == null) return null;
        String v = value;
        for (int i = 0; i < 10 && v.contains("${"); i++) {
            Matcher m = PROPERTY.matcher(v);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String rep = props.getOrDefault(m.group(1), m.group(0));
                m.appendReplacement(sb, Matcher.quoteReplacement(rep));
            }
            m.appendTail(sb);
            if (sb.toString().equals(v)) break;
            v = sb.toString();
        }
        return v;
    }

    static Element child(Element parent, String name) {
        for (Element e : children(parent)) if (e.getTagName().equals(name)) return e;
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) out.add(e);
        }
        return out;
    }
}
