package tlkit.data;

import tlkit.data.catalog.CatalogIndex;
import tlkit.data.catalog.PublicLayout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The upstream originals of catalog items, served from the course data mirror at their public URL paths. */
final class PublicOrigins {

    static final String PUBLIC_HOST = PublicLayout.HOST;

    private PublicOrigins() {
    }

    static Map<String, Path> of(Path mirror, List<String> ids) {
        return PublicLayout.originals(mirror, ids);
    }

    /** A loopback server holding the originals of {@code ids}. */
    static LoopbackMirrorServer serve(List<String> ids) throws IOException {
        Map<String, Path> files = of(TestMirror.dir(), ids);
        return new LoopbackMirrorServer(files::get);
    }

    /** The public URL path of one file (for fault injection). */
    static String path(String id, String file) {
        return PublicLayout.requestPath(CatalogIndex.bundled().item(id).publicUrl(file).orElseThrow());
    }
}
