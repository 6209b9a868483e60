package tlkit.data.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file list of one item, read from {@code manifests/<id>.sha256} (sha256sum format: hash, two spaces,
 * path) and {@code manifests/<id>.sizes} (size, two spaces, path) — both written by {@link ManifestGenerator}.
 */
record Manifest(List<ItemFile> files, long totalBytes, String hash) {

    static Manifest parse(String id, String sha256Text, String sizesText) {
        Map<String, String> hashes = readPairs(id + ".sha256", sha256Text);
        Map<String, String> sizes = readPairs(id + ".sizes", sizesText);
        if (!hashes.keySet().equals(sizes.keySet())) {
            throw new CatalogException("Manifests " + id + ".sha256 and " + id + ".sizes list different files."
                    + "\nFix: regenerate them with tlkit.data.catalog.ManifestGenerator (see data/README.md).");
        }
        List<ItemFile> files = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            long size = Long.parseLong(sizes.get(e.getKey()));
            files.add(new ItemFile(e.getKey(), size, e.getValue()));
            total += size;
        }
        String hash = Sha256.of((sha256Text + "\0" + sizesText).getBytes(StandardCharsets.UTF_8));
        return new Manifest(List.copyOf(files), total, hash);
    }

    /** Lines "VALUE  PATH" (sha256sum text mode) or "VALUE *PATH" (binary mode), in file order. */
    private static Map<String, String> readPairs(String name, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            int lineNo = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                int sep = line.indexOf(' ');
                if (sep <= 0 || line.length() < sep + 3 || (line.charAt(sep + 1) != ' ' && line.charAt(sep + 1) != '*')) {
                    throw new CatalogException("Malformed line " + lineNo + " in manifest " + name + ": '" + line + "'"
                            + "\nFix: regenerate the manifests with tlkit.data.catalog.ManifestGenerator.");
                }
                out.put(line.substring(sep + 2), line.substring(0, sep));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
