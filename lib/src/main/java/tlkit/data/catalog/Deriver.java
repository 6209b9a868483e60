package tlkit.data.catalog;

import tlkit.data.derive.Derivation;
import tlkit.data.derive.SafeTensorsWriter;
import tlkit.data.derive.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes one derived file of an item from its verified originals: converts, checks every tensor against
 * {@code manifests/<id>.tensors} (names, order, SHA-256) before anything is written, writes
 * {@code <name>.part}, checks the whole file against the manifest and only then renames it into place.
 */
final class Deriver {

    private Deriver() {
    }

    /** Thrown with the message part after "Could not derive ...: " — the Puller adds item, file and Fix. */
    static final class Failure extends Exception {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static void derive(CatalogItem item, DerivedFile spec, ItemFile f, Path dir, Path target) throws Failure, IOException {
        List<Path> from = new ArrayList<>();
        for (String p : spec.from()) {
            from.add(dir.resolve(p));
        }
        List<Tensor> tensors;
        try {
            tensors = Derivation.byId(spec.by()).apply(from);
        } catch (IOException | RuntimeException e) {
            throw new Failure("reading the original failed: " + e.getMessage(), e);
        }
        checkTensors(tensors, item.tensorHashes(f.path()));
        byte[] bytes = SafeTensorsWriter.toBytes(tensors, spec.metadata(), spec.metadataLast());
        String sha = Sha256.of(bytes);
        if (bytes.length != f.size() || !sha.equals(f.sha256())) {
            throw new Failure("every tensor matches, but the file has " + bytes.length + " bytes and SHA-256 " + sha
                    + " where the catalog expects " + f.size() + " bytes and " + f.sha256()
                    + " (the header differs: tensor names, shapes or metadata)", null);
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.write(part, bytes);
            Puller.moveAtomically(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static void checkTensors(List<Tensor> tensors, Map<String, String> expected) throws Failure {
        List<String> expectedNames = List.copyOf(expected.keySet());
        for (int i = 0; i < Math.max(tensors.size(), expectedNames.size()); i++) {
            String got = i < tensors.size() ? tensors.get(i).name() : null;
            String want = i < expectedNames.size() ? expectedNames.get(i) : null;
            if (got == null || !got.equals(want)) {
                throw new Failure("tensor #" + (i + 1) + " is " + (got == null ? "missing" : "'" + got + "'")
                        + ", the catalog expects " + (want == null ? "no more tensors" : "'" + want + "'")
                        + " (" + tensors.size() + " tensors made, " + expectedNames.size() + " expected)", null);
            }
            String sha = Sha256.of(tensors.get(i).data());
            if (!sha.equals(expected.get(want))) {
                throw new Failure("tensor '" + want + "' has SHA-256 " + sha + ", the catalog expects " + expected.get(want), null);
            }
        }
    }
}
