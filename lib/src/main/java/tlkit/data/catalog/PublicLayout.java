package tlkit.data.catalog;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the upstream originals sit on their public host: every catalog file with a public URL, at that
 * URL's path ({@code OWNER/REPO/raw/COMMIT/...}). What a server copying the public layout holds — no
 * converted weights and no course notes (they have no public URL). Used to serve the originals from the
 * course data folder on loopback, in tests and benchmarks.
 */
public final class PublicLayout {

    /** The host every public URL of the catalog uses. */
    public static final String HOST = "https://github.com/";

    private PublicLayout() {}

    /** Request path (percent-decoded, no leading '/') to the course data folder's copy, for every file of {@code ids} with a public URL. */
    public static Map<String, Path> originals(Path courseData, List<String> ids) {
        Map<String, Path> out = new HashMap<>();
        for (String id : ids) {
            CatalogItem item = CatalogIndex.bundled().item(id);
            for (ItemFile f : item.files()) {
                item.publicUrl(f).ifPresent(url -> out.put(requestPath(url), courseData.resolve(item.mirrorPath()).resolve(f.path())));
            }
        }
        return out;
    }

    /** The request path of a public URL on {@link #HOST}. */
    public static String requestPath(String url) {
        if (!url.startsWith(HOST)) {
            throw new IllegalStateException("not a URL on " + HOST + ": " + url);
        }
        return URI.create(url).getPath().substring(1);
    }
}
