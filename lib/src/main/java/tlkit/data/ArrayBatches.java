package tlkit.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A {@link BatchSource} over examples already in memory as floats (pixels, MFCCs, or backbone
 * features): example {@code i} is {@code data[i * exampleSize .. (i+1) * exampleSize)}.
 */
public final class ArrayBatches implements BatchSource {

    private final float[] data;
    private final Shape exampleShape;
    private final int exampleSize;
    private final int[] labels;

    public ArrayBatches(float[] data, Shape exampleShape, int[] labels) {
        this.exampleShape = exampleShape;
        this.exampleSize = Math.toIntExact(exampleShape.size());
        if ((long) labels.length * exampleSize != data.length) {
            throw new IllegalArgumentException("ArrayBatches: " + data.length + " floats are not " + labels.length
                    + " examples of shape " + exampleShape + "; check the data and the labels");
        }
        this.data = data;
        this.labels = labels;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public NDList inputs(NDManager manager, int[] indices) {
        Shape shape = new Shape(indices.length).addAll(exampleShape);
        return new NDList(NativeFloats.gather(manager, data, indices, exampleSize, shape));
    }

    @Override
    public int[] labels() {
        return labels;
    }

    public Shape exampleShape() {
        return exampleShape;
    }

    /** The raw floats of example {@code i} (a copy). */
    public float[] example(int i) {
        float[] out = new float[exampleSize];
        System.arraycopy(data, i * exampleSize, out, 0, exampleSize);
        return out;
    }

    /** Writes all examples' floats, in example order, to {@code out} (no copy of the whole array). */
    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        for (float f : data) {
            out.writeFloat(f);
        }
    }
}
