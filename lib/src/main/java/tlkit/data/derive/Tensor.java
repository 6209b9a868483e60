package tlkit.data.derive;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A named float32 tensor as raw little-endian bytes, row-major. Converters move bytes, never floats, so
 * every value (NaN payloads included) keeps its exact bits.
 */
public record Tensor(String name, long[] shape, byte[] data) {

    static final int F32 = 4;

    public Tensor {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (n * F32 != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(shape)
                    + " needs " + n * F32 + " bytes, has " + data.length);
        }
    }

    /** A tensor holding {@code values} (row-major) as little-endian float32 bytes. */
    public static Tensor ofFloats(String name, long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(F32 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new Tensor(name, shape, b.array());
    }

    public Tensor renamed(String newName) {
        return new Tensor(newName, shape, data);
    }

    /** The same values with the axes permuted: new axis i is old axis {@code perm[i]} (numpy's transpose). */
    public Tensor transpose(String newName, int... perm) {
        int rank = shape.length;
        if (perm.length != rank) {
            throw new IllegalArgumentException("tensor '" + name + "' has rank " + rank + ", permutation " + Arrays.toString(perm));
        }
        long[] oldStrides = new long[rank];
        for (int i = rank - 1, s = 1; i >= 0; i--) {
            oldStrides[i] = s;
            s *= (int) shape[i];
        }
        long[] newShape = new long[rank];
        long[] strides = new long[rank];
        for (int i = 0; i < rank; i++) {
            newShape[i] = shape[perm[i]];
            strides[i] = oldStrides[perm[i]];
        }
        byte[] out = new byte[data.length];
        int[] index = new int[rank];
        int count = data.length / F32;
        for (int k = 0; k < count; k++) {
            long src = 0;
            for (int i = 0; i < rank; i++) {
                src += index[i] * strides[i];
            }
            System.arraycopy(data, (int) src * F32, out, k * F32, F32);
            for (int i = rank - 1; i >= 0 && ++index[i] == newShape[i]; i--) {
                index[i] = 0;
            }
        }
        return new Tensor(newName, newShape, out);
    }
}
