package tlkit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Copies a batch of floats into a tensor that libtorch owns, through one staging buffer per thread that is
 * used again for the next batch.
 *
 * <p>DJL's {@code manager.create(float[])} copies into a fresh direct buffer that the tensor keeps as its
 * memory, and the JVM frees such a buffer only when the garbage collector reaches it. With the default heap
 * (a quarter of the RAM) that can take a long while: a pass of ResNet-20 over 2,560 CIFAR images left about
 * 30 MB of buffers and as much {@code float[]} garbage behind, and the process grew by 60-80 MB a pass.
 */
public final class NativeFloats {

    private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

    private NativeFloats() {
    }

    /** {@code data} (exactly {@code shape.size()} floats) as a tensor of {@code shape}. */
    public static NDArray of(NDManager manager, float[] data, Shape shape) {
        check(data.length, shape);
        FloatBuffer staged = staging(data.length);
        staged.put(data);
        return owned(manager, shape);
    }

    /**
     * Rows {@code rows} of {@code data} (row {@code r} is {@code data[r * rowSize .. (r+1) * rowSize)}), in
     * that order, as one tensor of {@code shape}; nothing is copied on the Java heap.
     */
    public static NDArray gather(NDManager manager, float[] data, int[] rows, int rowSize, Shape shape) {
        check((long) rows.length * rowSize, shape);
        FloatBuffer staged = staging(rows.length * rowSize);
        for (int r : rows) {
            staged.put(data, r * rowSize, rowSize);
        }
        return owned(manager, shape);
    }

    private static void check(long floats, Shape shape) {
        if (floats != shape.size()) {
            throw new IllegalArgumentException(floats + " floats do not fill a tensor of shape " + shape);
        }
    }

    /** The calling thread's staging buffer, at least {@code floats} long, as a float view from 0. */
    private static FloatBuffer staging(int floats) {
        ByteBuffer buffer = STAGING.get();
        if (buffer == null || buffer.capacity() < floats * Float.BYTES) {
            buffer = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder());
            STAGING.set(buffer);
        }
        return buffer.clear().asFloatBuffer();
    }

    /** A copy of the staged floats that libtorch owns; the staging buffer is free again on return. */
    private static NDArray owned(NDManager manager, Shape shape) {
        ByteBuffer staged = STAGING.get().duplicate().limit(Math.toIntExact(shape.size() * Float.BYTES)).slice()
                .order(ByteOrder.nativeOrder());
        try (NDArray view = manager.create(staged, shape, DataType.FLOAT32)) {
            return view.duplicate();
        }
    }
}
