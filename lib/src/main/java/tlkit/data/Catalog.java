package tlkit.data;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tlkit.data.catalog.CatalogIndex;
import tlkit.data.catalog.CatalogItem;
import tlkit.data.catalog.CatalogSettings;
import tlkit.data.catalog.Mirror;
import tlkit.data.catalog.PullReport;
import tlkit.data.catalog.Puller;
import tlkit.data.catalog.UrlRewrite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The course data catalog: every dataset and weights file the notebooks use, with licence, citation and
 * checksums. {@code Catalog.get().path("hymenoptera")} returns the local folder of an item, pulling it
 * first (from the mirror if one is configured, else from the internet) when it is missing.
 *
 * <p>{@link #get()} reads its settings (cache folder, mirror) from system properties and environment
 * variables on every call, see {@link CatalogSettings}; {@link #builder()} sets them explicitly.
 */
public final class Catalog {

    private final CatalogIndex index;
    private final Puller puller;
    private final Mirror mirror;
    private final UrlRewrite urlRewrite;

    private Catalog(CatalogIndex index, Path cache, Mirror mirror, UrlRewrite urlRewrite, PrintStream progress) {
        this.index = index;
        this.mirror = mirror;
        this.urlRewrite = urlRewrite;
        this.puller = new Puller(cache, mirror, urlRewrite, progress);
    }

    /**
     * The catalog bundled in the tlkit jar, with the cache, mirror and URL rewrite from -Dtlkit.cache/TLKIT_CACHE,
     * -Dtlkit.mirror/TLKIT_MIRROR and -Dtlkit.urlRewrite/TLKIT_URL_REWRITE.
     */
    public static Catalog get() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Local folder of the item (same layout as the mirror's folder for it); pulls and verifies it first if needed. */
    public Path path(String id) {
        return pull(id).folder();
    }

    /** Pulls the item unless already complete and verified. */
    public PullReport pull(String id) {
        return puller.pull(index.item(id));
    }

    /** True when the item is in the cache, complete and verified. Never downloads. */
    public boolean isPresent(String id) {
        return puller.isComplete(index.item(id));
    }

    /** Metadata of one item (licence, citation, files, URLs); the error for an unknown id lists the known ids. */
    public CatalogItem item(String id) {
        return index.item(id);
    }

    public List<CatalogItem> items() {
        return index.items();
    }

    public List<String> ids() {
        return index.ids();
    }

    public Path cacheDir() {
        return puller.cache();
    }

    public Optional<Mirror> mirror() {
        return Optional.ofNullable(mirror);
    }

    /** Prefix rewriting applied to every download URL (none unless configured). */
    public UrlRewrite urlRewrite() {
        return urlRewrite;
    }

    /** One row per item: id, kind, files, MB, license, present — e.g. for a "data used" cell. */
    public Table table() {
        StringColumn id = StringColumn.create("id");
        StringColumn kind = StringColumn.create("kind");
        IntColumn files = IntColumn.create("files");
        DoubleColumn mb = DoubleColumn.create("MB");
        StringColumn license = StringColumn.create("license");
        BooleanColumn present = BooleanColumn.create("present");
        for (CatalogItem item : index.items()) {
            id.append(item.id());
            kind.append(item.kind());
            files.append(item.files().size());
            mb.append(Math.round(item.totalBytes() / 1e5) / 10.0);
            license.append(item.license());
            present.append(puller.isComplete(item));
        }
        return Table.create("tlkit data catalog", id, kind, files, mb, license, present);
    }

    /** Explicit settings; anything not set falls back to {@link CatalogSettings}. */
    public static final class Builder {
        private CatalogIndex index;
        private Path cache;
        private String mirror;
        private boolean mirrorSet;
        private UrlRewrite urlRewrite;
        private PrintStream progress = System.out;

        private Builder() {
        }

        public Builder cache(Path cacheDir) {
            this.cache = cacheDir;
            return this;
        }

        /** A mirror folder, file: URI or http(s) URL; null or blank = no mirror (public URLs). */
        public Builder mirror(String dirOrUrl) {
            this.mirror = dirOrUrl;
            this.mirrorSet = true;
            return this;
        }

        /** Comma-separated FROM=TO URL prefix pairs (see {@link UrlRewrite}); null or blank = none. */
        public Builder urlRewrite(String spec) {
            this.urlRewrite = UrlRewrite.parse(spec);
            return this;
        }

        /** Where the progress line goes; null for silence. Default System.out. */
        public Builder progress(PrintStream out) {
            this.progress = out;
            return this;
        }

        /** Another catalog than the bundled one (e.g. {@link CatalogIndex#fromFolder}). */
        public Builder index(CatalogIndex catalogIndex) {
            this.index = catalogIndex;
            return this;
        }

        public Catalog build() {
            Mirror m = mirrorSet
                    ? (mirror == null || mirror.isBlank() ? null : Mirror.parse(mirror))
                    : CatalogSettings.defaultMirror().orElse(null);
            return new Catalog(index != null ? index : CatalogIndex.bundled(),
                    cache != null ? cache : CatalogSettings.defaultCache(), m,
                    urlRewrite != null ? urlRewrite : CatalogSettings.defaultUrlRewrite(), progress);
        }
    }
}
