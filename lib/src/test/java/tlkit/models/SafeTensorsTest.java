package tlkit.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import tlkit.data.derive.SafeTensorsWriter;
import tlkit.data.derive.Tensor;

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

    @Test
    void writerOutputReadsBackBitExactAsFloatsAndAsNdArrays(@TempDir Path dir) throws IOException {
        float[] a = {1, -2, 3.5f, Float.MIN_VALUE, 1e30f, -0f};
        Path f = dir.resolve("x.safetensors");
        SafeTensorsWriter.write(f, List.of(Tensor.ofFloats("a", new long[] {2, 3}, a),
                Tensor.ofFloats("b", new long[] {1}, new float[] {7})), Map.of("k", "v"));
        SafeTensors.Header h = SafeTensors.header(f);
        assertEquals(List.of("a", "b"), h.tensors().stream().map(SafeTensors.TensorInfo::name).toList());
        assertArrayEquals(new long[] {2, 3}, h.tensors().get(0).shape());
        assertArrayEquals(a, SafeTensors.floats(h, h.tensors().get(0)), 0f);
        assertEquals(Map.of("k", "v"), h.metadata());
        assertEquals(0, (Files.size(f) - 8 - 6 * 4 - 4) % 8, "header padded to a multiple of 8");
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(a, SafeTensors.read(f, m).get("a").toFloatArray(), 0f);
        }
    }

    @Test
    void halfAndBfloat16AreWidenedExactlyAndIntegerBuffersAreNotFloats(@TempDir Path dir) throws IOException {
        String json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]},"
                + "\"i\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[12,20]}}";
        byte[] header = json.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 20).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        b.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001).putShort((short) 0x7c00);
        b.putShort((short) 0x3f80).putShort((short) 0xc040); // bf16 1.0, -3.0
        b.putLong(42);
        Path f = dir.resolve("half.safetensors");
        Files.write(f, b.array());
        SafeTensors.Header h = SafeTensors.header(f);
        var byName = new java.util.HashMap<String, SafeTensors.TensorInfo>();
        h.tensors().forEach(t -> byName.put(t.name(), t));
        assertArrayEquals(new float[] {1f, -2f, 0x1p-24f, Float.POSITIVE_INFINITY},
                SafeTensors.floats(h, byName.get("h")), 0f);
        assertArrayEquals(new float[] {1f, -3f}, SafeTensors.floats(h, byName.get("b")), 0f);
        assertFalse(byName.get("i").isFloat());
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.floats(h, byName.get("i")));
    }
}
