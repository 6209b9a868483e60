package tlkit.data.catalog;

import java.util.Optional;

/**
 * Maps an item's relative file path to its public download URL: either one exact {@code path}, or every
 * path starting with {@code prefix} (and ending with {@code suffix}, if given), in which case the rest of
 * the path after the prefix is appended to {@code url}.
 */
record SourceRule(String path, String prefix, String suffix, String url) {

    Optional<String> urlFor(String relativePath) {
        if (path != null) {
            return path.equals(relativePath) ? Optional.of(url) : Optional.empty();
        }
        String p = prefix == null ? "" : prefix;
        if (!relativePath.startsWith(p) || (suffix != null && !relativePath.endsWith(suffix))) {
            return Optional.empty();
        }
        return Optional.of(url + UrlPaths.encode(relativePath.substring(p.length())));
    }
}
