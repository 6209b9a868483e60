package tlkit.data.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A file the puller makes from other files of the same item instead of downloading it (catalog
 * {@code derived}): {@code by} names a {@link tlkit.data.derive.Derivation}, {@code from} the originals
 * it reads, {@code metadata} the {@code __metadata__} of the written .safetensors (before the tensors in
 * the header, or after them when {@code metadataLast}).
 */
public record DerivedFile(String path, List<String> from, String by, Map<String, String> metadata, boolean metadataLast) {

    public DerivedFile {
        from = List.copyOf(from);
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
