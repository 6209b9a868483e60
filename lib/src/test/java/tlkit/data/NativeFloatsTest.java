package tlkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class NativeFloatsTest {

    @Test
    void gatheredRowsKeepTheirValuesAfterTheStagingBufferIsReused() {
        float[] data = new float[4 * 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray first = NativeFloats.gather(m, data, new int[] {2, 0}, 3, new Shape(2, 3));
            NDArray second = NativeFloats.of(m, new float[] {-1, -2, -3, -4, -5, -6}, new Shape(2, 3));
            assertArrayEquals(new float[] {6, 7, 8, 0, 1, 2}, first.toFloatArray());
            assertArrayEquals(new float[] {-1, -2, -3, -4, -5, -6}, second.toFloatArray());
        }
    }

    @Test
    void batchesLeaveNoDirectBuffersBehind() {
        float[] data = new float[64 * 3 * 32 * 32]; // 768 KiB a batch
        int[] rows = java.util.stream.IntStream.range(0, 64).toArray();
        long before = directBytes();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < 100; i++) {
                NativeFloats.gather(m, data, rows, 3 * 32 * 32, new Shape(64, 3, 32, 32)).close();
            }
        }
        long grown = directBytes() - before;
        assertTrue(grown <= 2L * data.length * Float.BYTES,
                "100 batches left " + grown / 1024 + " KiB of direct buffers (one staging buffer expected)");
    }

    @Test
    void aShapeThatTheFloatsDoNotFillIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> NativeFloats.of(m, new float[5], new Shape(2, 3)));
        }
    }

    private static long directBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
