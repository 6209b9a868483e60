package tlkit.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tlkit.data.BatchSource;
import tlkit.data.Catalog;
import tlkit.data.Splits;
import tlkit.data.images.ImageDataset;
import tlkit.data.images.ImageFolder;
import tlkit.data.images.ImageTransform;
import tlkit.models.Backbones;

/** The two strategy options on a real pretrained MobileNet and real ants/bees photos. */
class WarmHeadAndBatchNormTest {

    static ImageDataset train;
    static ImageDataset val;

    @BeforeAll
    static void load() {
        ImageTransform crop = ImageTransform.resizeCenterCrop(64);
        ImageDataset all = ImageFolder.of(Catalog.get().path("hymenoptera").resolve("train")).withTransform(crop);
        train = all.subset(Splits.kShot(all.labels(), 30, 1).train());
        ImageDataset heldOut = ImageFolder.of(Catalog.get().path("hymenoptera").resolve("val")).withTransform(crop);
        val = heldOut.subset(Splits.kShot(heldOut.labels(), 30, 1).train());
    }

    private static TransferModel mobilenet() {
        return TransferModel.of(Backbones.load("mobilenet-v1-025-imagenet", 64), Head.linear(2), 7);
    }

    @Test
    void fineTuningStartsFromTheTrainedHeadAndTheHistoryShowsBothPhases() {
        // a tiny fine-tuning rate: the first fine-tuning epoch measures the head it starts from
        Fit fit = Fit.sgd(1e-5f).epochs(1).batchSize(16).seed(3).keepLastEpoch().quiet();
        History random;
        History warmed;
        try (TransferModel m = mobilenet()) {
            random = fit.run(m, Strategy.full(), train, val);
        }
        try (TransferModel m = mobilenet()) {
            warmed = fit.run(m, Strategy.full().withWarmHead(0.01f, 8).withBatchNormInference(), train, val);
        }
        System.out.println(random.table().print());
        System.out.println(warmed.table().print());
        assertEquals(9, warmed.epochs(), "8 head epochs, then 1 of fine-tuning");
        assertEquals(9, warmed.bestEpoch());
        double[] trainable = warmed.column("trainable_params");
        assertEquals(514, trainable[0], "the probe trains the 256 x 2 + 2 head weights only");
        assertTrue(trainable[8] > 100_000, "then everything trains: " + trainable[8]);
        double[] loss = warmed.column("train_loss");
        assertTrue(loss[7] < loss[0], "the probe learns: " + Arrays.toString(loss));
        assertTrue(loss[8] < random.column("train_loss")[0] - 0.1, String.format(
                "fine-tuning from the trained head starts lower: %.3f vs %.3f from the random head",
                loss[8], random.column("train_loss")[0]));
    }

    @Test
    void withCachedFeaturesTheProbeAndFeatureExtractionSkipTheBackbone() {
        Fit fit = Fit.sgd(0.03f).epochs(5).batchSize(16).seed(3).keepLastEpoch().quiet();
        try (TransferModel a = mobilenet(); TransferModel b = mobilenet()) {
            FeatureCache trainFeatures = FeatureCache.compute(a.backbone(), train);
            FeatureCache valFeatures = FeatureCache.compute(a.backbone(), val);
            TrainingData data = TrainingData.of(train, val).withFeatures(trainFeatures, valFeatures);
            History viaRun = fit.run(a, Strategy.featureExtraction(), data);
            History direct = fit.fitHead(b, trainFeatures, valFeatures);
            assertArrayEquals(direct.column("val_loss"), viaRun.column("val_loss"), 1e-9);
            assertEquals("feature extraction", viaRun.name());
        }
    }

    @Test
    void batchNormInferenceKeepsThePretrainedStatisticsWhileTheWeightsTrain() {
        Fit fit = Fit.sgd(0.003f).epochs(1).batchSize(16).seed(3).quiet();
        Map<String, float[]> plain = afterOneEpoch(fit, Strategy.full());
        Map<String, float[]> kept = afterOneEpoch(fit, Strategy.full().withBatchNormInference());
        Map<String, float[]> before;
        try (TransferModel m = mobilenet()) {
            before = snapshot(m);
        }
        String mean = before.keySet().stream().filter(k -> k.startsWith("stage4") && k.endsWith("runningMean"))
                .findFirst().orElseThrow();
        String weight = before.keySet().stream().filter(k -> k.startsWith("stage4") && k.contains("Conv2d")
                && k.endsWith("weight")).findFirst().orElseThrow();
        assertArrayEquals(before.get(mean), kept.get(mean), "BN in inference mode keeps the running mean");
        assertFalse(Arrays.equals(before.get(mean), plain.get(mean)), "BN in training mode updates it");
        assertFalse(Arrays.equals(before.get(weight), kept.get(weight)), "the convolution still trains");
        assertNotEquals(Strategy.full(), Strategy.full().withBatchNormInference());
        assertEquals(Strategy.full().withWarmHead(0.01f, 3), Strategy.full().withWarmHead(0.01f, 3));
        assertThrows(IllegalArgumentException.class, () -> Strategy.scratch().withWarmHead(0.01f, 3));
    }

    private static Map<String, float[]> afterOneEpoch(Fit fit, Strategy strategy) {
        try (TransferModel m = mobilenet()) {
            fit.run(m, strategy, train, null);
            return snapshot(m);
        }
    }

    private static Map<String, float[]> snapshot(TransferModel m) {
        Map<String, float[]> values = new java.util.TreeMap<>();
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
            values.put(e.getKey(), e.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
