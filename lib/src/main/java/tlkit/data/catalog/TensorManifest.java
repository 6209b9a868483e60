package tlkit.data.catalog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code manifests/<id>.tensors}: the SHA-256 of every tensor's raw bytes in the course mirror's derived
 * files, one line {@code HASH  FILE  TENSOR} per tensor in file order; written by {@link ManifestGenerator}.
 * Lets a derivation that differs name the first tensor that differs.
 */
final class TensorManifest {

    private TensorManifest() {
    }

    /** File path to (tensor name to SHA-256), both in line order. */
    static Map<String, Map<String, String>> parse(String name, String text) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("  ", 3);
            if (parts.length != 3 || parts[0].length() != 64) {
                throw new CatalogException("Malformed line " + lineNo + " in manifest " + name + ": '" + line + "'"
                        + "\nFix: regenerate the manifests with tlkit.data.catalog.ManifestGenerator.");
            }
            out.computeIfAbsent(parts[1], k -> new LinkedHashMap<>()).put(parts[2], parts[0]);
        }
        return out;
    }
}
