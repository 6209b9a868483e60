package tlkit.data;

import tlkit.data.catalog.CatalogIndex;
import tlkit.data.catalog.CatalogItem;
import tlkit.data.catalog.ItemFile;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The upstream originals of catalog items, from the course data folder, at the paths of their public
 * URLs ({@code https://github.com/OWNER/REPO/raw/COMMIT/...} without the host): what a server copying
 * the public layout holds. No derived .safetensors and no course notes — they have no public URL.
 */
final class PublicOrigins {

    static final String PUBLIC_HOST = "https://github.com/";

    private PublicOrigins() {
    }

    /** Request path (percent-decoded) to the mirror file, for every file of {@code ids} with a public URL. */
    static Map<String, Path> of(Path mirror, List<String> ids) {
        Map<String, Path> out = new HashMap<>();
        for (String id : ids) {
            CatalogItem item = CatalogIndex.bundled().item(id);
            for (ItemFile f : item.files()) {
                item.publicUrl(f).ifPresent(url -> {
                    if (!url.startsWith(PUBLIC_HOST)) {
                        throw new IllegalStateException("not a GitHub URL: " + url);
                    }
                    out.put(URI.create(url).getPath().substring(1), mirror.resolve(item.mirrorPath()).resolve(f.path()));
                });
            }
        }
        return out;
    }

    /** A loopback server holding the originals of {@code ids}. */
    static LoopbackMirrorServer serve(List<String> ids) throws IOException {
        Map<String, Path> files = of(TestMirror.dir(), ids);
        return new LoopbackMirrorServer(files::get);
    }

    /** The public URL path of one file (for fault injection). */
    static String path(String id, String file) {
        return URI.create(CatalogIndex.bundled().item(id).publicUrl(file).orElseThrow()).getPath().substring(1);
    }
}
