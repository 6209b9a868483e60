package tlkit.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tlkit.data.Catalog;
import tlkit.models.Backbone;
import tlkit.models.Stage;
import tlkit.models.Backbones;

class KwsDsCnnTest {

    static KwsDsCnn model;

    @BeforeAll
    static void load() {
        model = KwsDsCnn.load();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static KwsDsCnn.Prediction classify(String name) {
        return model.classify(MfccFrontEndTest.sample(name));
    }

    /** Expected top-1 and probabilities: SOURCES.md §2 ("Check with samples/"). */
    @Test
    void yesSampleIsYes() {
        KwsDsCnn.Prediction p = classify("yes");
        assertEquals("Yes", p.label());
        assertEquals(0.999, p.probability(), 0.002);
    }

    @Test
    void noSampleIsNoWithGoSecond() {
        KwsDsCnn.Prediction p = classify("no");
        assertEquals("No", p.label());
        assertEquals(0.52, p.probability(), 0.01);
        assertEquals(0.35, p.probabilities()[KwsDsCnn.LABELS.indexOf("Go")], 0.01);
    }

    @Test
    void silenceSampleIsSilence() {
        KwsDsCnn.Prediction p = classify("silence");
        assertEquals("Silence", p.label());
        assertEquals(0.995, p.probability(), 0.002);
    }

    @Test
    void noiseSampleIsUnknown() {
        KwsDsCnn.Prediction p = classify("noise");
        assertEquals("Unknown", p.label());
        assertEquals(0.62, p.probability(), 0.01);
    }

    @Test
    void backboneHasNamedStagesAndGives64dFeatures() {
        Backbone b = model.backbone();
        assertEquals(List.of("stem", "block0", "block1", "block2", "block3"),
                b.stages().stream().map(Stage::name).toList());
        assertTrue(b.stages().stream().allMatch(Stage::isFrozen));
        assertEquals(64, b.featureDim());
        assertEquals(new Shape(1, 49, 10), b.exampleShape());
        try (NDManager m = b.manager().newSubManager()) {
            NDArray x = m.randomNormal(new Shape(3, 1, 49, 10)).mul(10);
            NDArray f = b.block().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(3, 64), f.getShape());
            // after ReLU and average pooling, features are non-negative
            assertTrue(f.min().getFloat() >= 0);
        }
    }

    @Test
    void featuresMatchBatchedAndSingleForward() {
        float[][] mfccs = {Audio.mfcc(MfccFrontEndTest.sample("yes")), Audio.mfcc(MfccFrontEndTest.sample("no"))};
        float[][] both = model.features(mfccs, 2);
        float[][] one = model.features(new float[][] {mfccs[1]}, 1);
        assertEquals(64, both[1].length);
        assertArrayEquals(one[0], both[1], 1e-5f);
    }

    @Test
    void stemConvWeightIsTheFileTensor() {
        Path file = Catalog.get().path("kws-dscnn").resolve(KwsDsCnn.WEIGHTS_FILE);
        try (NDManager m = NDManager.newBaseManager(); var in = java.nio.file.Files.newInputStream(file)) {
            NDArray expected = NDList.decode(m, in).get("conv1.weight");
            NDArray actual = model.backbone().stage("stem").getParameters().stream()
                    .filter(p -> p.getValue().getArray().getShape().equals(new Shape(64, 1, 10, 4)))
                    .findFirst().orElseThrow().getValue().getArray();
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 0f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void kerasLayoutFileIsRejectedNamingFileAndTensors() {
        Path keras = Catalog.get().path("kws-dscnn").resolve("kws_dscnn_keras.safetensors");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KwsDsCnn.load(keras));
        assertTrue(e.getMessage().contains("kws_dscnn_keras.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("conv1.weight") && e.getMessage().contains("conv2d/kernel"),
                e.getMessage());
    }

    @Test
    void theOneRegistryLoadsTheAudioBackboneAndRejectsUnknownIds() {
        try (Backbone kws = Backbones.load("kws-dscnn")) {
            assertEquals(KwsDsCnn.FEATURE_DIM, kws.featureDim());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backbones.load("wav2vec"));
        assertTrue(e.getMessage().contains("kws-dscnn") && e.getMessage().contains("minilm-l6-v2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backbones.load("kws-dscnn", 64));
    }

    private static float[] runningMean(Stage stage) {
        return stage.getParameters().values().stream()
                .filter(p -> p.getType() == ai.djl.nn.Parameter.Type.RUNNING_MEAN)
                .findFirst().orElseThrow().getArray().toFloatArray();
    }

    @Test
    void trainingForwardKeepsFrozenBatchNormStatsAndUpdatesUnfrozenOnes() {
        try (KwsDsCnn fresh = KwsDsCnn.load()) {
            Backbone b = fresh.backbone();
            b.stage("block3").unfreeze();
            float[] stem0 = runningMean(b.stage("stem"));
            float[] block30 = runningMean(b.stage("block3"));
            try (NDManager m = b.manager().newSubManager()) {
                NDArray x = KwsDsCnn.toInput(m, new float[][] {
                    Audio.mfcc(MfccFrontEndTest.sample("yes")), Audio.mfcc(MfccFrontEndTest.sample("noise"))});
                b.block().forward(new ParameterStore(m, false), new NDList(x), true);
            }
            assertArrayEquals(stem0, runningMean(b.stage("stem")), 0f);
            assertTrue(!java.util.Arrays.equals(block30, runningMean(b.stage("block3"))),
                    "unfrozen block3 BatchNorm should update its running mean in training mode");
        }
    }
}
