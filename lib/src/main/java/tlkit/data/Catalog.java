package tlkit.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * TEMPORARY STUB (to be replaced by the real catalog + puller): resolves a catalog id to the
 * folder of the shared mirror named by the system property {@code tlkit.mirror} or the
 * environment variable {@code TLKIT_MIRROR}. The public signature {@code Catalog.get().path(id)}
 * stays.
 */
public final class Catalog {

    private static final Map<String, String> FOLDERS = Map.of(
            "mobilenet-v1-025-imagenet", "models/mobilenet-v1-025-imagenet",
            "resnet-cifar10", "models/resnet-cifar10",
            "kws-dscnn", "models/kws-dscnn",
            "fsdd", "fsdd",
            "cifar10-test", "images/cifar10-test",
            "hymenoptera", "images/hymenoptera",
            "sst2", "text/sst2",
            "sms-spam", "text/sms-spam",
            "medical-abstracts", "text/medical-abstracts");

    private static final Catalog DEFAULT = new Catalog();

    public static Catalog get() {
        return DEFAULT;
    }

    /** Local folder holding the item's files (same relative layout as in the mirror). */
    public Path path(String id) {
        String folder = FOLDERS.get(id);
        if (folder == null) {
            throw new IllegalArgumentException("Unknown catalog id '" + id + "'; known: " + FOLDERS.keySet());
        }
        String mirror = System.getProperty("tlkit.mirror", System.getenv("TLKIT_MIRROR"));
        if (mirror == null || mirror.isBlank()) {
            throw new IllegalStateException("Set TLKIT_MIRROR to a folder with the course data");
        }
        Path p = Path.of(mirror).resolve(folder);
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("Missing " + p);
        }
        return p;
    }
}
