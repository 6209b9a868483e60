package tlkit.audio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tlkit.data.Catalog;
import tlkit.data.NativeFloats;
import tlkit.models.Backbone;
import tlkit.models.ChannelsLast;
import tlkit.models.ReleasingSequentialBlock;
import tlkit.models.Stage;
import tlkit.models.WeightGeneration;

/**
 * The MLPerf Tiny keyword-spotting DS-CNN (Speech Commands v2, 12 classes) rebuilt from DJL blocks and
 * loaded with its pretrained weights ({@code kws_dscnn_torch.safetensors}).
 *
 * <p>Input: MFCCs from {@link MfccFrontEnd}, layout {@code [N, 1, 49, 10]} (time × coefficient).
 * Stages: {@code stem} (asymmetric TF-"SAME" pad, conv 10×4 stride 2, BN, ReLU, dropout 0.2),
 * {@code block0..block3} (depthwise 3×3 + BN + ReLU, pointwise 1×1 + BN + ReLU); tail: global average
 * pooling → 64-d features. The original 12-way classifier is kept as {@link #originalHead()}.
 */
public final class KwsDsCnn implements AutoCloseable {

    public static final String CATALOG_ID = "kws-dscnn";
    public static final String WEIGHTS_FILE = "kws_dscnn_torch.safetensors";
    public static final List<String> LABELS = List.of(
            "Down", "Go", "Left", "No", "Off", "On", "Right", "Stop", "Up", "Yes", "Silence", "Unknown");
    public static final int FEATURE_DIM = 64;
    /** Keras BatchNormalization default, not PyTorch's 1e-5. */
    static final float BN_EPSILON = 1e-3f;
    static final Shape EXAMPLE_SHAPE = new Shape(1, MfccFrontEnd.FRAMES, MfccFrontEnd.COEFFS);

    private final Backbone backbone;
    private final Block head;

    private KwsDsCnn(Backbone backbone, Block head) {
        this.backbone = backbone;
        this.head = head;
    }

    /** Loads the pretrained model from the catalog; all stages start frozen. */
    public static KwsDsCnn load() {
        return load(Catalog.get().path(CATALOG_ID).resolve(WEIGHTS_FILE));
    }

    /** Loads the pretrained model from a {@code kws_dscnn_torch.safetensors} file; all stages start frozen. */
    public static KwsDsCnn load(Path weightsFile) {
        NDManager manager = NDManager.newBaseManager();
        try {
            Map<String, Parameter> params = new LinkedHashMap<>();
            List<Stage> stages = new ArrayList<>();
            stages.add(new Stage("stem", stem(params)));
            for (int k = 0; k < 4; k++) {
                stages.add(new Stage("block" + k, separableBlock(k, params)));
            }
            Block tail = Pool.globalAvgPool2dBlock();
            Backbone backbone = new Backbone("kws-dscnn", stages, tail, FEATURE_DIM, EXAMPLE_SHAPE,
                    "MFCCs [N, 1, 49, 10] from tlkit.audio.MfccFrontEnd (16 kHz, 1 s clips; values about -55..+20)",
                    manager);
            Linear fc = Linear.builder().setUnits(LABELS.size()).optBias(true).build();
            backbone.block().initialize(manager, DataType.FLOAT32, new Shape(1).addAll(EXAMPLE_SHAPE));
            fc.initialize(manager, DataType.FLOAT32, new Shape(1, FEATURE_DIM));
            params.put("fc.weight", fc.getParameters().get("weight"));
            params.put("fc.bias", fc.getParameters().get("bias"));
            copyWeights(weightsFile, manager, params);
            stages.forEach(Stage::freeze);
            fc.freezeParameters(true);
            return new KwsDsCnn(backbone, fc);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static Block stem(Map<String, Parameter> params) {
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(10, 4)).optStride(new Shape(2, 2))
                .setFilters(64).optBias(true).build();
        BatchNorm bn = batchNorm();
        SequentialBlock stem = new ReleasingSequentialBlock()
                // TF "SAME" for a 10x4 kernel with stride 2 on 49x10: 4 before / 5 after in time, 1 / 1 in MFCC
                .add(LambdaBlock.singleton(x -> ChannelsLast.of(x).pad(new Shape(1, 1, 4, 5), 0), "same_pad"))
                .add(conv).add(bn).add(Activation.reluBlock())
                .add(Dropout.builder().optRate(0.2f).build());
        register(params, "conv1", conv);
        register(params, "bn1", bn);
        return stem;
    }

    private static Block separableBlock(int k, Map<String, Parameter> params) {
        Conv2d dw = Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                .setFilters(64).optGroups(64).optBias(true).build();
        BatchNorm bnDw = batchNorm();
        Conv2d pw = Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(64).optBias(true).build();
        BatchNorm bnPw = batchNorm();
        String p = "blocks." + k + ".";
        register(params, p + "dw", dw);
        register(params, p + "bn_dw", bnDw);
        register(params, p + "pw", pw);
        register(params, p + "bn_pw", bnPw);
        return new ReleasingSequentialBlock().add(dw).add(bnDw).add(Activation.reluBlock())
                .add(pw).add(bnPw).add(Activation.reluBlock());
    }

    /**
     * Epsilon as in Keras. Momentum 0.9 (DJL default; Keras trained with 0.99): it only matters for
     * unfrozen stages, and lets the running statistics follow a small new dataset (FSDD fine-tuning of
     * block2+block3 reached 0.98-0.99 test accuracy with 0.9 vs 0.96-0.97 with 0.99 in 8 epochs).
     */
    private static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(0.9f).build();
    }

    /** Torch-style names of a block's parameters, resolved after initialisation. */
    private static void register(Map<String, Parameter> params, String prefix, Block block) {
        Map<String, String> rename = block instanceof BatchNorm
                ? Map.of("gamma", "weight", "beta", "bias", "runningMean", "running_mean", "runningVar", "running_var")
                : Map.of("weight", "weight", "bias", "bias");
        block.getParameters().forEach(pair -> {
            String torchName = rename.get(pair.getKey());
            if (torchName == null) {
                throw new IllegalStateException("Unexpected DJL parameter " + pair.getKey() + " in " + prefix);
            }
            params.put(prefix + "." + torchName, pair.getValue());
        });
    }

    private static void copyWeights(Path file, NDManager manager, Map<String, Parameter> params) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Missing weights file " + file
                    + ". Check the catalog item '" + CATALOG_ID + "' (Catalog.get().path(\"" + CATALOG_ID + "\")).");
        }
        try (NDManager tmp = manager.newSubManager(); InputStream in = Files.newInputStream(file)) {
            NDList tensors = NDList.decode(tmp, in);
            TreeSet<String> extra = new TreeSet<>();
            for (NDArray t : tensors) {
                Parameter p = params.get(t.getName());
                if (p == null) {
                    extra.add(t.getName());
                    continue;
                }
                Shape expected = p.getArray().getShape();
                if (!expected.equals(t.getShape())) {
                    throw new IllegalStateException("Weights file " + file + ": tensor '" + t.getName() + "' has shape "
                            + t.getShape() + " but the DJL model expects " + expected
                            + ". Use the kws_dscnn_torch.safetensors (PyTorch layout) file.");
                }
                p.getArray().set(t.toType(DataType.FLOAT32, false).toFloatArray());
            }
            WeightGeneration.advance();
            TreeSet<String> missing = new TreeSet<>(params.keySet());
            tensors.forEach(t -> missing.remove(t.getName()));
            if (!extra.isEmpty() || !missing.isEmpty()) {
                throw new IllegalStateException("Weights file " + file + " does not match the DS-CNN: missing tensors "
                        + missing + ", unexpected tensors " + extra + ". Use the kws_dscnn_torch.safetensors file"
                        + " of catalog item '" + CATALOG_ID + "'.");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read weights file " + file + " (" + e.getMessage()
                    + "). Re-download catalog item '" + CATALOG_ID + "'.", e);
        }
    }

    /** The pretrained network without its classifier: MFCC batch [N,1,49,10] → [N,64]. */
    public Backbone backbone() {
        return backbone;
    }

    /** The original 12-way Speech Commands classifier (64 → 12 logits; frozen). */
    public Block originalHead() {
        return head;
    }

    /** One class guess: the label, its probability, and all 12 probabilities in {@link #LABELS} order. */
    public record Prediction(String label, float probability, float[] probabilities) {
        @Override
        public String toString() {
            return String.format("%s (%.3f)", label, probability);
        }
    }

    /** Runs backbone + original head on MFCC rows (490 floats each), in batches of 256. */
    public List<Prediction> classify(float[][] mfccs) {
        List<Prediction> out = new ArrayList<>();
        for (float[][] chunk : chunks(mfccs, 256)) {
            try (NDManager batch = backbone.manager().newSubManager()) {
                NDArray features = forward(backbone.block(), batch, toInput(batch, chunk));
                NDArray probs = forward(head, batch, features).softmax(1);
                float[] p = probs.toFloatArray();
                int c = LABELS.size();
                for (int i = 0; i < chunk.length; i++) {
                    float[] row = Arrays.copyOfRange(p, i * c, (i + 1) * c);
                    int best = 0;
                    for (int j = 1; j < c; j++) {
                        if (row[j] > row[best]) {
                            best = j;
                        }
                    }
                    out.add(new Prediction(LABELS.get(best), row[best], row));
                }
            }
        }
        return out;
    }

    /** Classifies one WAV file (any PCM rate/channels; resampled, trimmed to 1 s). */
    public Prediction classify(Path wav) {
        return classify(new float[][] {Audio.mfcc(wav)}).get(0);
    }

    /** Frozen 64-d features of MFCC rows (inference mode), in batches of {@code batchSize}. */
    public float[][] features(float[][] mfccs, int batchSize) {
        float[][] out = new float[mfccs.length][];
        int i = 0;
        for (float[][] chunk : chunks(mfccs, batchSize)) {
            try (NDManager batch = backbone.manager().newSubManager()) {
                float[] f = forward(backbone.block(), batch, toInput(batch, chunk)).toFloatArray();
                for (int r = 0; r < chunk.length; r++) {
                    out[i++] = Arrays.copyOfRange(f, r * FEATURE_DIM, (r + 1) * FEATURE_DIM);
                }
            }
        }
        return out;
    }

    /** MFCC rows (490 floats each) as a float32 batch [N, 1, 49, 10]. */
    public static NDArray toInput(NDManager manager, float[][] mfccs) {
        float[] flat = new float[mfccs.length * MfccFrontEnd.FEATURES];
        for (int i = 0; i < mfccs.length; i++) {
            if (mfccs[i].length != MfccFrontEnd.FEATURES) {
                throw new IllegalArgumentException("MFCC row " + i + " has " + mfccs[i].length + " values, expected "
                        + MfccFrontEnd.FEATURES + " (49 frames x 10 coefficients from MfccFrontEnd)");
            }
            System.arraycopy(mfccs[i], 0, flat, i * MfccFrontEnd.FEATURES, MfccFrontEnd.FEATURES);
        }
        return NativeFloats.of(manager, flat, new Shape(mfccs.length).addAll(EXAMPLE_SHAPE));
    }

    private static NDArray forward(Block block, NDManager manager, NDArray input) {
        return block.forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow();
    }

    private static List<float[][]> chunks(float[][] rows, int size) {
        List<float[][]> out = new ArrayList<>();
        for (int s = 0; s < rows.length; s += size) {
            out.add(Arrays.copyOfRange(rows, s, Math.min(rows.length, s + size)));
        }
        return out;
    }

    @Override
    public void close() {
        backbone.close();
    }

    @Override
    public String toString() {
        return backbone + " + original head (64 -> " + LABELS.size() + " Speech Commands classes)";
    }
}
