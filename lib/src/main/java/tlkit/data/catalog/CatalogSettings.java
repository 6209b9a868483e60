package tlkit.data.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the cache and the mirror are, from system properties and environment variables.
 *
 * <p>Cache: {@code -Dtlkit.cache}, else {@code TLKIT_CACHE}, else {@code <repo>/data/cache} for the first
 * folder at or above the working directory that contains {@code data/catalog.json} (notebooks run in
 * {@code <repo>/notebooks}), else {@code ~/.tlkit/cache}. Mirror: {@code -Dtlkit.mirror}, else
 * {@code TLKIT_MIRROR}; blank means none (files come from their public URLs). URL rewrite:
 * {@code -Dtlkit.urlRewrite}, else {@code TLKIT_URL_REWRITE} (see {@link UrlRewrite}).
 */
public final class CatalogSettings {

    private CatalogSettings() {
    }

    public static Path defaultCache() {
        Optional<String> configured = setting("tlkit.cache", "TLKIT_CACHE");
        if (configured.isPresent()) {
            return Path.of(configured.get()).toAbsolutePath();
        }
        return repoDataFolder(Path.of("").toAbsolutePath())
                .map(d -> d.resolve("cache"))
                .orElse(Path.of(System.getProperty("user.home"), ".tlkit", "cache"));
    }

    public static Optional<Mirror> defaultMirror() {
        return setting("tlkit.mirror", "TLKIT_MIRROR").map(Mirror::parse);
    }

    public static UrlRewrite defaultUrlRewrite() {
        return UrlRewrite.parse(setting("tlkit.urlRewrite", "TLKIT_URL_REWRITE").orElse(null));
    }

    /** The nearest {@code data/} folder holding catalog.json at or above {@code start}. */
    static Optional<Path> repoDataFolder(Path start) {
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("data").resolve("catalog.json"))) {
                return Optional.of(d.resolve("data"));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }
}
