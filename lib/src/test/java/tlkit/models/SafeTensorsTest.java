package tlkit.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tlkit.data.Catalog;

class SafeTensorsTest {

    private static Path resnet20() {
        return Catalog.get().path("resnet-cifar10").resolve("resnet20.safetensors");
    }

    @Test
    void resnet20HasTheDocumentedTensorsInStorageOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> t = SafeTensors.read(resnet20(), m);
            assertEquals(97, t.size());
            List<String> names = new ArrayList<>(t.keySet());
            assertEquals("conv1.weight", names.get(0));
            assertEquals("linear.bias", names.get(96));
            assertEquals(new Shape(16, 3, 3, 3), t.get("conv1.weight").getShape());
            assertEquals(new Shape(32, 16, 3, 3), t.get("layer2.0.conv1.weight").getShape());
            assertEquals(new Shape(10, 64), t.get("linear.weight").getShape());
            long trainable = t.entrySet().stream().filter(e -> !e.getKey().contains("running_"))
                    .mapToLong(e -> e.getValue().size()).sum();
            assertEquals(269_722, trainable); // SOURCES.md: trainable params of ResNet-20
            // running variances are positive: bytes were read as little-endian float32
            assertTrue(t.get("bn1.running_var").min().getFloat() > 0);
        }
        assertEquals("91.78000183105469", SafeTensors.metadata(resnet20()).get("best_prec1"));
    }

    @Test
    void truncatedFileFailsNamingTheFileAndTensor(@TempDir Path tmp) throws IOException {
        Path cut = tmp.resolve("cut.safetensors");
        byte[] all = Files.readAllBytes(resnet20());
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 1000));
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SafeTensors.read(cut, m));
            assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("linear"), e.getMessage()); // the last tensors are cut
        }
    }

    @Test
    void garbageHeaderFailsNamingTheFile(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("bad.safetensors");
        ByteBuffer b = ByteBuffer.allocate(8 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(16).put("{not json at all".getBytes());
        Files.write(bad, b.array());
        Path tiny = tmp.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        try (NDManager m = NDManager.newBaseManager()) {
            var e1 = assertThrows(IllegalStateException.class, () -> SafeTensors.read(bad, m));
            assertTrue(e1.getMessage().contains(bad.toString()) && e1.getMessage().contains("JSON"), e1.getMessage());
            var e2 = assertThrows(IllegalStateException.class, () -> SafeTensors.read(tiny, m));
            assertTrue(e2.getMessage().contains(tiny.toString()), e2.getMessage());
        }
    }

    @Test
    void wrongWeightsFileIsRejectedListingTheMismatch(@TempDir Path tmp) throws IOException {
        // a resnet20 folder whose resnet20.safetensors is really ResNet-32: must not load silently
        Files.copy(Catalog.get().path("resnet-cifar10").resolve("resnet32.safetensors"),
                tmp.resolve("resnet20.safetensors"));
        var e = assertThrows(IllegalStateException.class, () -> tlkit.models.image.CifarResNet.load(tmp, 20));
        assertTrue(e.getMessage().contains("resnet20.safetensors") && e.getMessage().contains("layer1.3"),
                e.getMessage());
    }
}
