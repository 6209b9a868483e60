package tlkit.text.bert;

import java.util.Arrays;

/** A named float32 tensor in row-major order, as read from a weights file. */
public record Tensor(String name, long[] shape, float[] values) {

    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The transpose of a 2-d tensor (ONNX MatMul weights are stored [in, out], Linear wants [out, in]). */
    public Tensor transposed2d(String newName) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("Tensor " + name + " has shape " + Arrays.toString(shape) + ", not 2-d");
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] t = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = values[r * cols + c];
            }
        }
        return new Tensor(newName, new long[] {cols, rows}, t);
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }
}
