package tlkit.data.catalog;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The parsed {@code catalog.json} plus lazily loaded per-item manifests. At run time both come from the
 * tlkit jar (resources under {@code tlkit/catalog/}, copied from the repository's {@code data/} folder by
 * the lib pom); the generator and tests may read a {@code data/} folder directly.
 */
public final class CatalogIndex {

    public static final String RESOURCE_BASE = "tlkit/catalog/";

    private static volatile CatalogIndex bundled;

    private final Map<String, CatalogItem> items;

    private CatalogIndex(Map<String, CatalogItem> items) {
        this.items = Collections.unmodifiableMap(items);
    }

    /** The catalog bundled in the tlkit jar (parsed once per JVM). */
    public static CatalogIndex bundled() {
        CatalogIndex c = bundled;
        if (c == null) {
            synchronized (CatalogIndex.class) {
                if (bundled == null) {
                    bundled = load(name -> {
                        ClassLoader cl = CatalogIndex.class.getClassLoader();
                        try (InputStream in = cl.getResourceAsStream(RESOURCE_BASE + name)) {
                            if (in == null) {
                                throw new CatalogException("Resource " + RESOURCE_BASE + name + " is missing from the tlkit jar."
                                        + "\nFix: rebuild the library (mvn -o package -DskipTests); lib/pom.xml copies data/catalog.json and data/manifests into it.");
                            }
                            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
                c = bundled;
            }
        }
        return c;
    }

    /** A catalog read from a folder holding {@code catalog.json} and {@code manifests/} (the repository's data/). */
    public static CatalogIndex fromFolder(Path dataDir) {
        return load(name -> {
            Path p = dataDir.resolve(name);
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CatalogException("Cannot read " + p + ": " + e
                        + "\nFix: generate the manifests with tlkit.data.catalog.ManifestGenerator (see data/README.md).", e);
            }
        });
    }

    private interface TextSource {
        String read(String name);
    }

    private static CatalogIndex load(TextSource source) {
        Json.Catalog json;
        try {
            json = new Gson().fromJson(source.read("catalog.json"), Json.Catalog.class);
        } catch (JsonParseException e) {
            throw new CatalogException("catalog.json is not valid: " + e.getMessage()
                    + "\nFix: correct data/catalog.json (it is hand-written) and rebuild.", e);
        }
        Map<String, CatalogItem> items = new LinkedHashMap<>();
        for (Json.Item j : json.items) {
            List<SourceRule> rules = new ArrayList<>();
            for (Json.Source s : j.sources == null ? List.<Json.Source>of() : j.sources) {
                rules.add(new SourceRule(s.path, s.prefix, s.suffix, s.url));
            }
            String id = j.id;
            Supplier<Manifest> manifest = memoize(() -> Manifest.parse(id,
                    source.read("manifests/" + id + ".sha256"), source.read("manifests/" + id + ".sizes")));
            List<DerivedFile> derived = new ArrayList<>();
            for (Json.Derived d : j.derived == null ? List.<Json.Derived>of() : j.derived) {
                derived.add(new DerivedFile(d.path, d.from == null ? List.of() : d.from, d.by, d.metadata, d.metadataLast));
            }
            Supplier<Map<String, Map<String, String>>> tensorHashes = memoize(() -> derived.isEmpty() ? Map.of()
                    : TensorManifest.parse(id + ".tensors", source.read("manifests/" + id + ".tensors")));
            String upstream = j.upstream == null ? "" : j.upstream.repo + "@" + j.upstream.commit
                    + (j.upstream.folder == null || j.upstream.folder.isEmpty() ? "" : ":" + j.upstream.folder);
            items.put(id, new CatalogItem(id, j.kind, j.title, j.mirrorPath, j.canonical, j.license, j.citation,
                    upstream, j.notes, rules, j.courseNotes == null ? List.of() : j.courseNotes, derived, tensorHashes, j.mirrorOnly == null ? List.of() : j.mirrorOnly, j.mirrorOnlyWhy, manifest));
        }
        return new CatalogIndex(items);
    }

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }

    public List<CatalogItem> items() {
        return List.copyOf(items.values());
    }

    public List<String> ids() {
        return List.copyOf(items.keySet());
    }

    /** The item with this id; the error for an unknown id lists the known ones. */
    public CatalogItem item(String id) {
        CatalogItem item = items.get(id);
        if (item == null) {
            throw new CatalogException("Unknown catalog id '" + id + "'. Known ids: " + String.join(", ", items.keySet())
                    + "\nFix: use one of the known ids (./kit pull --list shows them with sizes and licences).");
        }
        return item;
    }

    /** Gson shapes of catalog.json. */
    private static final class Json {
        static final class Catalog {
            List<Item> items;
        }

        static final class Item {
            String id;
            String kind;
            String title;
            String mirrorPath;
            String canonical;
            String license;
            String citation;
            Upstream upstream;
            List<Source> sources;
            List<String> courseNotes;
            List<Derived> derived;
            List<String> mirrorOnly;
            String mirrorOnlyWhy;
            String notes;
        }

        static final class Upstream {
            String repo;
            String commit;
            String folder;
        }

        static final class Derived {
            String path;
            List<String> from;
            String by;
            boolean metadataLast;
            LinkedHashMap<String, String> metadata;
        }

        static final class Source {
            String path;
            String prefix;
            String suffix;
            String url;
        }
    }
}
