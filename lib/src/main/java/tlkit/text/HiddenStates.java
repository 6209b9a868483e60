package tlkit.text;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tlkit.models.Stage;
import tlkit.data.BatchSource;
import tlkit.data.progress.Progress;

/**
 * The token vectors a text encoder's lower, frozen stages produce for a dataset, computed once.
 * When only the top layers are fine-tuned, the frozen layers below compute exactly these numbers in
 * every epoch; training {@link TextEncoder#topLayers(int)} on this cache gives the same model at a
 * fraction of the cost (the {@link tlkit.tune.FeatureCache} idea, one level lower).
 *
 * <p>Each example keeps only its real tokens; {@link #inputs} pads a batch to its longest example:
 * {@code NDList(hidden float32 [n, T, H], attention_mask int64 [n, T])}, what a BERT layer takes.
 */
public final class HiddenStates implements BatchSource {

    private final List<float[]> states;
    private final int[] lengths;
    private final int[] labels;
    private final int numClasses;
    private final int hidden;
    private final String stageName;

    private HiddenStates(List<float[]> states, int[] lengths, int[] labels, int numClasses, int hidden,
            String stageName) {
        this.states = states;
        this.lengths = lengths;
        this.labels = labels;
        this.numClasses = numClasses;
        this.hidden = hidden;
        this.stageName = stageName;
    }

    /**
     * Runs stages {@code 0 .. stages-1} of {@code encoder} (inference mode) over {@code data}, texts
     * truncated at {@code maxLen} tokens, in batches of 32, printing progress. E.g. for MiniLM (stages
     * {@code embeddings, layer0..layer5}) {@code stages = 6} stops after layer4, so that
     * {@code encoder.topLayers(1)} (layer5 + pooling) completes the forward pass.
     */
    public static HiddenStates compute(TextEncoder encoder, TextDataset data, int maxLen, int stages) {
        List<Stage> all = encoder.stages();
        if (stages < 1 || stages > all.size()) {
            throw new IllegalArgumentException("stages must be 1.." + all.size() + " (the encoder's stages "
                    + all.stream().map(Stage::name).toList() + "), got " + stages);
        }
        int h = encoder.featureDim();
        int n = data.size();
        List<float[]> states = new ArrayList<>(n);
        int[] lengths = new int[n];
        int batchSize = 32;
        long t0 = System.nanoTime();
        String last = all.get(stages - 1).name();
        Progress progress = new Progress(true);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            ParameterStore store = new ParameterStore(manager, false);
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                try (NDManager batch = manager.newSubManager()) {
                    NDList x = encoder.tokenize(batch, data.texts().subList(start, end), maxLen);
                    for (int s = 0; s < stages; s++) {
                        x = all.get(s).forward(store, x, false);
                    }
                    NDArray out = x.get(0);
                    int t = (int) out.getShape().get(1);
                    float[] flat = out.toFloatArray();
                    long[] mask = x.get(1).toLongArray();
                    for (int i = 0; i < end - start; i++) {
                        int len = 0;
                        for (int j = 0; j < t; j++) {
                            len += (int) mask[i * t + j];
                        }
                        float[] row = new float[len * h];
                        System.arraycopy(flat, i * t * h, row, 0, len * h);
                        states.add(row);
                        lengths[start + i] = len;
                    }
                }
                progress.update(progressLine(last, end, n, t0));
            }
        }
        progress.done(progressLine(last, n, n, t0));
        return new HiddenStates(states, lengths, data.labels(), data.numClasses(), h, last);
    }

    private static String progressLine(String stage, int done, int n, long t0) {
        return String.format(Locale.ROOT, "hidden states after %s: %d/%d texts  %.1fs", stage, done, n,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Name of the last stage that ran (the top stages still to run start after it). */
    public String stageName() {
        return stageName;
    }

    /** Number of real tokens of example {@code i} (at most the maxLen it was computed with). */
    public int length(int i) {
        return lengths[i];
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public NDList inputs(NDManager manager, int[] indices) {
        int t = 1;
        for (int i : indices) {
            t = Math.max(t, lengths[i]);
        }
        float[] x = new float[indices.length * t * hidden];
        long[] mask = new long[indices.length * t];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            System.arraycopy(states.get(i), 0, x, k * t * hidden, lengths[i] * hidden);
            java.util.Arrays.fill(mask, k * t, k * t + lengths[i], 1L);
        }
        return new NDList(manager.create(x, new Shape(indices.length, t, hidden)),
                manager.create(mask, new Shape(indices.length, t)));
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public int numClasses() {
        return numClasses;
    }
}
