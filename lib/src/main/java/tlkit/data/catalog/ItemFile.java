package tlkit.data.catalog;

/** One file of a catalog item: its path relative to the item folder ('/' separators), byte size and SHA-256 (hex). */
public record ItemFile(String path, long size, String sha256) {
}
