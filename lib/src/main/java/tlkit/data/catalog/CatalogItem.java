package tlkit.data.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One dataset or weights item of the catalog: its metadata (licence, citation, where it comes from) and
 * its file list (loaded lazily from the item's manifest).
 */
public final class CatalogItem {

    private final String id;
    private final String kind;
    private final String title;
    private final String mirrorPath;
    private final String canonical;
    private final String license;
    private final String citation;
    private final String upstream;
    private final String notes;
    private final List<SourceRule> sources;
    private final List<String> courseNotes;
    private final List<DerivedFile> derived;
    private final Supplier<Map<String, Map<String, String>>> tensorHashes;
    private final List<String> mirrorOnly;
    private final String mirrorOnlyWhy;
    private final Supplier<Manifest> manifest;

    CatalogItem(String id, String kind, String title, String mirrorPath, String canonical, String license,
                String citation, String upstream, String notes, List<SourceRule> sources, List<String> courseNotes, List<DerivedFile> derived,
                Supplier<Map<String, Map<String, String>>> tensorHashes, List<String> mirrorOnly, String mirrorOnlyWhy,
                Supplier<Manifest> manifest) {
        this.id = id;
        this.kind = kind;
        this.title = title;
        this.mirrorPath = mirrorPath;
        this.canonical = canonical;
        this.license = license;
        this.citation = citation;
        this.upstream = upstream;
        this.notes = notes;
        this.sources = List.copyOf(sources);
        this.courseNotes = List.copyOf(courseNotes);
        this.derived = List.copyOf(derived);
        this.tensorHashes = tensorHashes;
        this.mirrorOnly = List.copyOf(mirrorOnly);
        this.mirrorOnlyWhy = mirrorOnlyWhy;
        this.manifest = manifest;
    }

    public String id() { return id; }

    /** "dataset" or "weights". */
    public String kind() { return kind; }

    public String title() { return title; }

    /** Folder of this item inside a mirror (e.g. {@code images/hymenoptera}). */
    public String mirrorPath() { return mirrorPath; }

    /** URL of the original dataset / weights for humans (the archive or page the upstream copy came from). */
    public String canonical() { return canonical; }

    /** SPDX-like licence name, or "none stated ..." when the publisher gives none. */
    public String license() { return license; }

    public String citation() { return citation; }

    /** "owner/repo@commit:folder" of the upstream copy the files are downloaded from. */
    public String upstream() { return upstream; }

    public String notes() { return notes; }

    /** Files written by the course team (licence notes): kept in the repository, installed from the tlkit jar. */
    public List<String> courseNotes() { return courseNotes; }

    /** Class-path resource holding a course note ({@code data/licenses/<id>/<path>} in the repository), or empty. */
    public Optional<String> courseNoteResource(String relativePath) {
        return courseNotes.contains(relativePath)
                ? Optional.of(CatalogIndex.RESOURCE_BASE + "licenses/" + id + "/" + relativePath)
                : Optional.empty();
    }

    /** Files the puller makes from the item's originals (the converted .safetensors weights). */
    public List<DerivedFile> derived() { return derived; }

    public Optional<DerivedFile> derived(String relativePath) {
        return derived.stream().filter(d -> d.path().equals(relativePath)).findFirst();
    }

    /** SHA-256 of each tensor of a derived file, in file order, from {@code manifests/<id>.tensors}. */
    public Map<String, String> tensorHashes(String relativePath) {
        return tensorHashes.get().getOrDefault(relativePath, Map.of());
    }

    /** Files with no public URL (converted or written by the course team): only a mirror has them. */
    public List<String> mirrorOnly() { return mirrorOnly; }

    public String mirrorOnlyWhy() { return mirrorOnlyWhy; }

    public List<ItemFile> files() { return manifest.get().files(); }

    public long totalBytes() { return manifest.get().totalBytes(); }

    /** SHA-256 of the item's manifest: changes whenever any file's path, size or checksum changes. */
    public String manifestHash() { return manifest.get().hash(); }

    /** Commit-pinned public URL of the file, or empty for a mirror-only file. */
    public Optional<String> publicUrl(ItemFile file) {
        return publicUrl(file.path());
    }

    public Optional<String> publicUrl(String relativePath) {
        if (mirrorOnly.contains(relativePath) || courseNotes.contains(relativePath) || derived(relativePath).isPresent()) {
            return Optional.empty();
        }
        for (SourceRule rule : sources) {
            Optional<String> url = rule.urlFor(relativePath);
            if (url.isPresent()) {
                return url;
            }
        }
        return Optional.empty();
    }

    /** Number of source rules that give this path a URL (a consistency check: mirror-only files must have none). */
    int matchingSourceRules(String relativePath) {
        return (int) sources.stream().filter(r -> r.urlFor(relativePath).isPresent()).count();
    }

    @Override
    public String toString() {
        return id + " (" + kind + ", " + license + ")";
    }
}
