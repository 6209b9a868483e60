package tlkit.data.catalog;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code data/manifests/<id>.sha256} and {@code <id>.sizes} for every catalog item from a mirror's
 * {@code SHA256SUMS} (checksums) and the mirror's files (sizes), and {@code <id>.tensors} (per-tensor
 * SHA-256 of the mirror's derived .safetensors) for items with derived files. Reproducible: same mirror,
 * same bytes.
 *
 * <pre>java -cp "lib/target/kit/*" tlkit.data.catalog.ManifestGenerator /work/shared/data data</pre>
 */
public final class ManifestGenerator {

    private ManifestGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.out.println("usage: ManifestGenerator MIRROR_DIR DATA_DIR   (DATA_DIR holds catalog.json; manifests/ is rewritten)");
            System.exit(2);
        }
        Path mirror = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Map<String, String> files = render(mirror, CatalogIndex.fromFolder(data));
        Path dir = data.resolve("manifests");
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path target = dir.resolve(e.getKey());
            Path tmp = dir.resolve(e.getKey() + ".tmp");
            Files.writeString(tmp, e.getValue(), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println("wrote " + files.size() + " manifest files to " + dir);
    }

    /** Manifest file name ({@code <id>.sha256} / {@code <id>.sizes}) to its text, for every item of the index. */
    public static Map<String, String> render(Path mirror, CatalogIndex index) throws IOException {
        Map<String, String> sums = readSha256Sums(mirror.resolve("SHA256SUMS"));
        Map<String, String> out = new TreeMap<>();
        for (CatalogItem item : index.items()) {
            String prefix = item.mirrorPath() + "/";
            StringBuilder sha = new StringBuilder();
            StringBuilder sizes = new StringBuilder();
            int n = 0;
            for (Map.Entry<String, String> e : sums.entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    continue;
                }
                String rel = e.getKey().substring(prefix.length());
                if (rel.contains("\\") || rel.contains("\n")) {
                    throw new IOException("file name needs sha256sum escaping, not supported: " + e.getKey());
                }
                long size = Files.size(mirror.resolve(e.getKey()));
                sha.append(e.getValue()).append("  ").append(rel).append('\n');
                sizes.append(size).append("  ").append(rel).append('\n');
                n++;
            }
            if (n == 0) {
                throw new IOException("no file of item '" + item.id() + "' (mirrorPath " + item.mirrorPath()
                        + ") is listed in " + mirror.resolve("SHA256SUMS"));
            }
            out.put(item.id() + ".sha256", sha.toString());
            out.put(item.id() + ".sizes", sizes.toString());
            if (!item.derived().isEmpty()) {
                out.put(item.id() + ".tensors", tensorLines(mirror.resolve(item.mirrorPath()), item));
            }
        }
        return out;
    }

    /** {@code HASH  FILE  TENSOR} for every tensor of the item's derived files, in file (data offset) order. */
    static String tensorLines(Path itemDir, CatalogItem item) throws IOException {
        StringBuilder out = new StringBuilder();
        for (DerivedFile d : item.derived()) {
            Path file = itemDir.resolve(d.path());
            byte[] bytes = Files.readAllBytes(file);
            long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            JsonObject header = JsonParser.parseString(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8)).getAsJsonObject();
            List<Map.Entry<String, JsonElement>> tensors = new ArrayList<>(header.entrySet());
            tensors.removeIf(e -> e.getKey().equals("__metadata__"));
            tensors.sort(Comparator.comparingLong(e -> e.getValue().getAsJsonObject().getAsJsonArray("data_offsets").get(0).getAsLong()));
            for (Map.Entry<String, JsonElement> t : tensors) {
                JsonArray offsets = t.getValue().getAsJsonObject().getAsJsonArray("data_offsets");
                int begin = (int) (8 + headerLength + offsets.get(0).getAsLong());
                int end = (int) (8 + headerLength + offsets.get(1).getAsLong());
                out.append(Sha256.of(Arrays.copyOfRange(bytes, begin, end))).append("  ").append(d.path())
                        .append("  ").append(t.getKey()).append('\n');
            }
        }
        return out.toString();
    }

    /** Path (relative to the mirror) to SHA-256, sorted by path. */
    public static Map<String, String> readSha256Sums(Path file) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String hash = line.substring(0, 64);
            String path = line.substring(66);
            if (path.startsWith("./")) {
                path = path.substring(2);
            }
            sums.put(path, hash);
        }
        return sums;
    }
}
