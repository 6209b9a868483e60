package tlkit.tune;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import tlkit.data.BatchSource;
import tlkit.models.Backbone;
import tlkit.models.Stage;

/**
 * What each stage of a pretrained backbone computes: the feature maps of one input, and per-stage features
 * (each stage's output averaged over space) for a whole dataset, so a linear probe can ask how useful the
 * features are after stage 1, 2, ... — early stages are expected to be generic, late ones specific to the
 * pretraining task.
 */
public final class StageFeatures {

    private StageFeatures() {
    }

    /** The output of every stage for one example, {@code [channels][height][width]} each, in stage order. */
    public static List<float[][][]> maps(Backbone backbone, BatchSource source, int example) {
        List<float[][][]> maps = new ArrayList<>();
        // frozen like FeatureCache.compute, so that both compute the same (folded) numbers
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                Stage.Thaw thaw = backbone.freezeTemporarily()) {
            ParameterStore store = new ParameterStore(manager, false);
            NDList x = source.inputs(manager, new int[] {example});
            for (Stage stage : backbone.stages()) {
                x = stage.forward(store, x, false);
                NDArray out = x.singletonOrThrow();
                if (out.getShape().dimension() != 4) {
                    throw new IllegalStateException("Stage " + stage.name() + " of " + backbone.name()
                            + " returned shape " + out.getShape() + "; feature maps need [1, C, H, W]");
                }
                int c = (int) out.getShape().get(1);
                int h = (int) out.getShape().get(2);
                int w = (int) out.getShape().get(3);
                float[] flat = out.toFloatArray();
                float[][][] m = new float[c][h][w];
                for (int k = 0; k < c; k++) {
                    for (int i = 0; i < h; i++) {
                        System.arraycopy(flat, (k * h + i) * w, m[k][i], 0, w);
                    }
                }
                maps.add(m);
            }
        }
        return maps;
    }

    /**
     * One feature cache per stage: the stage's output averaged over height and width, for every example of
     * {@code source} (inference mode, batches of {@code batchSize}). Stage {@code k}'s cache has as many
     * features as the stage has output channels.
     */
    public static List<FeatureCache> pooled(Backbone backbone, BatchSource source, int batchSize) {
        int n = source.size();
        int stages = backbone.stages().size();
        List<float[]> features = new ArrayList<>();
        int[] channels = new int[stages];
        try (Stage.Thaw thaw = backbone.freezeTemporarily()) {
            InferenceBatches.forEach(source, batchSize, "stage features of " + backbone.name(),
                    (store, inputs, start, count) -> {
                NDList x = inputs;
                for (int s = 0; s < stages; s++) {
                    x = backbone.stages().get(s).forward(store, x, false);
                    NDArray pooled = x.singletonOrThrow().mean(new int[] {3}).mean(new int[] {2});
                    if (start == 0) {
                        channels[s] = (int) pooled.getShape().get(1);
                        features.add(new float[n * channels[s]]);
                    }
                    System.arraycopy(pooled.toFloatArray(), 0, features.get(s), start * channels[s],
                            count * channels[s]);
                }
            });
        }
        List<FeatureCache> caches = new ArrayList<>();
        for (int s = 0; s < stages; s++) {
            caches.add(FeatureCache.of(features.get(s), channels[s], source.labels()));
        }
        return caches;
    }

}
