package tlkit.data.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tlkit.data.TestMirror;
import tlkit.data.derive.Derivation;
import tlkit.data.derive.SafeTensorsWriter;
import tlkit.data.derive.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every derived file, made from the mirror's originals, is byte-identical to the course mirror's copy. */
class DerivedFilesTest {

    @Test
    void everyDerivedFileIsByteIdenticalToTheMirrorCopy() throws IOException {
        Path mirror = TestMirror.dir();
        int files = 0;
        for (CatalogItem item : CatalogIndex.bundled().items()) {
            Path dir = mirror.resolve(item.mirrorPath());
            for (DerivedFile d : item.derived()) {
                List<Path> from = new ArrayList<>();
                d.from().forEach(p -> from.add(dir.resolve(p)));
                List<Tensor> tensors = Derivation.byId(d.by()).apply(from);
                assertEquals(List.copyOf(item.tensorHashes(d.path()).keySet()), tensors.stream().map(Tensor::name).toList(), d.path());
                byte[] made = SafeTensorsWriter.toBytes(tensors, d.metadata(), d.metadataLast());
                assertArrayEquals(Files.readAllBytes(dir.resolve(d.path())), made, item.id() + ": " + d.path());
                files++;
            }
        }
        assertEquals(7, files, "mobilenet 1, resnets 4, kws 2");
    }

    @Test
    void everyDerivedFileIsInTheManifestAndReadsOnlyFilesOfItsItem() {
        for (CatalogItem item : CatalogIndex.bundled().items()) {
            List<String> paths = item.files().stream().map(ItemFile::path).toList();
            for (DerivedFile d : item.derived()) {
                assertTrue(paths.contains(d.path()), d.path());
                assertTrue(item.publicUrl(d.path()).isEmpty(), d.path() + " must not be downloaded");
                assertFalse(item.tensorHashes(d.path()).isEmpty(), d.path() + " has no per-tensor hashes");
                for (String f : d.from()) {
                    assertTrue(paths.contains(f), d.path() + " reads " + f + ", not a file of " + item.id());
                    assertTrue(item.publicUrl(f).isPresent(), f + " needs a public URL");
                }
                Derivation.byId(d.by());
            }
        }
    }

    @Test
    void truncatedOriginalsFailWithAClearMessage(@TempDir Path tmp) throws IOException {
        Path resnets = TestMirror.dir().resolve("models/resnet-cifar10");
        Path th = tmp.resolve("resnet20-12fca82f.th");
        byte[] whole = Files.readAllBytes(resnets.resolve(th.getFileName()));
        Files.write(th, java.util.Arrays.copyOf(whole, whole.length - 1000));
        IOException e = assertThrows(IOException.class, () -> Derivation.TORCH_LEGACY_STATE_DICT.apply(List.of(th)));
        assertTrue(e.getMessage().contains(th.toString()) && e.getMessage().contains("truncated"), e.getMessage());

        Path index = Files.createDirectories(tmp.resolve("variables")).resolve("variables.index");
        Path kws = TestMirror.dir().resolve("models/kws-dscnn/original/kws_ref_model/variables");
        byte[] idx = Files.readAllBytes(kws.resolve("variables.index"));
        Files.write(index, java.util.Arrays.copyOf(idx, idx.length - 20));
        Files.copy(kws.resolve("variables.data-00000-of-00001"), index.resolveSibling("variables.data-00000-of-00001"));
        e = assertThrows(IOException.class, () -> Derivation.TF_BUNDLE_KERAS.apply(List.of(index)));
        assertTrue(e.getMessage().contains("variables.index"), e.getMessage());
    }
}
