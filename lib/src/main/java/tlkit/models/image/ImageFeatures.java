package tlkit.models.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import tlkit.data.images.ImageDataset;
import tlkit.models.Backbone;

/** Runs a backbone in inference mode over an image dataset and returns the pooled features. */
public final class ImageFeatures {

    private ImageFeatures() {}

    /** Features {@code [size][featureDim]} of every image of {@code data}, in dataset order. */
    public static float[][] extract(Backbone backbone, ImageDataset data, int batchSize) {
        if (data.transform().size() != backbone.exampleShape().get(1)) {
            throw new IllegalArgumentException("Dataset transform gives " + data.transform().size() + " px images, "
                    + backbone.name() + " was built for " + backbone.exampleShape() + "; use "
                    + "ImageTransform.resizeCenterCrop(" + backbone.exampleShape().get(1) + ")");
        }
        float[][] out = new float[data.size()][];
        int next = 0;
        for (int[] idx : data.batchIndices(batchSize, null)) {
            try (NDManager m = backbone.manager().newSubManager()) {
                NDArray x = data.batch(m, idx).get(0);
                NDArray f = backbone.block().forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow();
                float[] flat = f.toFloatArray();
                int d = backbone.featureDim();
                for (int k = 0; k < idx.length; k++) {
                    out[next++] = java.util.Arrays.copyOfRange(flat, k * d, (k + 1) * d);
                }
            }
        }
        return out;
    }
}
