package tlkit.data.catalog;

import java.net.URI;
import java.nio.file.Path;

/**
 * A local copy of the course data laid out like the shared data folder: item files live at
 * {@code <mirror>/<item.mirrorPath()>/<file path>}. Either a folder (plain path or {@code file:} URI) or an
 * http(s) URL serving that folder.
 */
public final class Mirror {

    private final String httpBase;
    private final Path folder;

    private Mirror(String httpBase, Path folder) {
        this.httpBase = httpBase;
        this.folder = folder;
    }

    /** Parses a {@code --mirror} / {@code TLKIT_MIRROR} value: a folder path, a file: URI or an http(s) URL. */
    public static Mirror parse(String spec) {
        String s = spec.strip();
        if (s.startsWith("http://") || s.startsWith("https://")) {
            return new Mirror(s.endsWith("/") ? s : s + "/", null);
        }
        if (s.startsWith("file:")) {
            return new Mirror(null, Path.of(URI.create(s)).toAbsolutePath());
        }
        return new Mirror(null, Path.of(s).toAbsolutePath());
    }

    public boolean isHttp() {
        return httpBase != null;
    }

    /** Where this mirror keeps the file: a URL or a local path (as text). */
    public String location(CatalogItem item, ItemFile file) {
        String rel = item.mirrorPath() + "/" + file.path();
        return isHttp() ? UrlPaths.joinUrl(httpBase, rel) : folder.resolve(rel).toString();
    }

    @Override
    public String toString() {
        return isHttp() ? httpBase : folder.toString();
    }
}
