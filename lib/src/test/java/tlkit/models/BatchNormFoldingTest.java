package tlkit.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tlkit.data.ArrayBatches;
import tlkit.data.Catalog;
import tlkit.data.images.ImageDataset;
import tlkit.data.images.ImageFolder;
import tlkit.data.images.ImageTransform;
import tlkit.tune.FeatureCache;
import tlkit.tune.Fit;
import tlkit.tune.Head;
import tlkit.tune.Strategy;
import tlkit.tune.TransferModel;

class BatchNormFoldingTest {

    private static final double TOLERANCE = 1e-5;

    @Test
    void frozenResNetStagesFoldEveryConvBatchNormPairExactly() {
        try (Backbone net = Backbones.load("resnet20-cifar10"); NDManager m = NDManager.newBaseManager()) {
            // stem: conv1+bn1; each layer: 3 residual blocks of two conv+BN pairs, inside the ParallelBlock branch
            assertFoldsExactly(net, pixels(m, new Shape(4, 3, 32, 32)), new int[] {1, 6, 6, 6});
        }
    }

    @Test
    void frozenMobileNetStagesFoldDepthwiseAndPointwisePairsExactly() {
        try (Backbone net = Backbones.load("mobilenet-v1-025-imagenet", 128); NDManager m = NDManager.newBaseManager()) {
            ImageDataset bees = ImageFolder.of(Catalog.get().path("hymenoptera").resolve("val"))
                    .withTransform(ImageTransform.resizeCenterCrop(128));
            NDArray images = bees.batch(m, new int[] {0, 40, 80, 120, 150}).get(0);
            // stem: conv1, dw1, pw1; then a depthwise and a pointwise pair per block
            assertFoldsExactly(net, images, new int[] {3, 4, 4, 12, 4});
        }
    }

    @Test
    void foldingKeepsTheParameterNamesAndValues() {
        try (Backbone net = Backbones.load("resnet20-cifar10"); NDManager m = NDManager.newBaseManager()) {
            List<String> names = net.block().getParameters().keys();
            float[] weight = net.block().getParameters().valueAt(0).getArray().toFloatArray();
            net.stages().forEach(Stage::freeze);
            net.block().forward(new ParameterStore(m, false), new NDList(pixels(m, new Shape(2, 3, 32, 32))), false);
            assertEquals(19, net.stages().stream().mapToInt(Stage::foldedPairs).sum());
            assertEquals(names, net.block().getParameters().keys());
            assertTrue(java.util.Arrays.equals(weight, net.block().getParameters().valueAt(0).getArray().toFloatArray()),
                    "folding must not write into the original weights");
        }
    }

    @Test
    void unfreezingDropsTheFoldAndRefreezingFoldsTheTrainedWeights() {
        try (TransferModel model = TransferModel.of(Backbones.load("resnet20-cifar10"), Head.linear(10));
                NDManager m = NDManager.newBaseManager()) {
            Stage layer3 = model.backbone().stage("layer3");
            NDArray x = stageInput(model.backbone(), 3, pixels(m, new Shape(4, 3, 32, 32)));
            layer3.freeze();
            NDArray before = forward(layer3, x);
            assertEquals(6, layer3.foldedPairs());

            Fit.sgd(0.05f).epochs(1).batchSize(16).quiet().run(model, Strategy.full(), images(64), null);
            assertFalse(layer3.isFrozen());
            assertEquals(0, layer3.foldedPairs(), "unfreezing must drop the folded weights");
            long skipped = layer3.batchNormsSkipped();
            NDArray trained = forward(layer3, x);
            assertEquals(skipped, layer3.batchNormsSkipped(), "an unfrozen stage must not run folded convolutions");
            assertTrue(maxAbsDiff(before, trained) > 1e-3, "training should have changed layer3");

            layer3.freeze();
            NDArray refolded = forward(layer3, x);
            assertEquals(6, layer3.foldedPairs());
            assertTrue(maxAbsDiff(trained, refolded) <= TOLERANCE * scale(trained),
                    "the new fold must use the trained weights: " + maxAbsDiff(trained, refolded));
        }
    }

    @Test
    void weightsOverwrittenWhileFrozenAreFoldedAgain() {
        try (TransferModel model = TransferModel.of(Backbones.load("resnet20-cifar10"), Head.linear(10));
                NDManager m = NDManager.newBaseManager()) {
            model.freeze();
            Stage layer1 = model.backbone().stage("layer1");
            NDArray x = stageInput(model.backbone(), 1, pixels(m, new Shape(2, 3, 32, 32)));
            NDArray pretrained = forward(layer1, x);
            model.reinitializeBackbone();
            NDArray folded = forward(layer1, x);
            layer1.batchNormFolding(false);
            NDArray plain = forward(layer1, x);
            assertTrue(maxAbsDiff(pretrained, plain) > 1e-2, "re-initialising should change layer1");
            assertTrue(maxAbsDiff(plain, folded) <= TOLERANCE * scale(plain),
                    "a fold of the old weights was used: " + maxAbsDiff(plain, folded));
        }
    }

    @Test
    void featureCacheFreezesOnlyWhileItComputes() {
        try (Backbone net = Backbones.load("resnet20-cifar10")) {
            Stage layer2 = net.stage("layer2");
            long skipped = layer2.batchNormsSkipped();
            FeatureCache.compute(net, images(8), 8);
            assertEquals(skipped + 6, layer2.batchNormsSkipped(), "the cache should run the folded stage once");
            assertFalse(layer2.isFrozen());
            assertEquals(0, layer2.foldedPairs());
            assertTrue(layer2.inner().getParameters().values().stream()
                    .filter(p -> p.getType() == ai.djl.nn.Parameter.Type.WEIGHT).allMatch(p -> p.requiresGradient()));
        }
    }

    /** For each stage: frozen output folded vs not, and the number of BatchNorms the fold skipped. */
    private static void assertFoldsExactly(Backbone net, NDArray images, int[] pairs) {
        NDArray x = images;
        for (int s = 0; s < net.stages().size(); s++) {
            Stage stage = net.stages().get(s);
            stage.freeze();
            stage.batchNormFolding(false);
            NDArray plain = forward(stage, x);
            assertEquals(0, stage.foldedPairs());
            stage.batchNormFolding(true);
            long skipped = stage.batchNormsSkipped();
            NDArray folded = forward(stage, x);
            assertEquals(pairs[s], stage.foldedPairs(), stage.name());
            assertEquals(skipped + pairs[s], stage.batchNormsSkipped(), stage.name() + ": BatchNorms skipped");
            double diff = maxAbsDiff(plain, folded);
            System.out.printf("%s %s: max |folded - plain| = %.2e (max |out| %.2f)%n", net.name(), stage.name(), diff,
                    scale(plain));
            assertTrue(diff <= TOLERANCE * scale(plain), stage.name() + ": " + diff);
            x = plain;
        }
    }

    private static NDArray forward(Stage stage, NDArray x) {
        return stage.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
    }

    private static NDArray stageInput(Backbone net, int stage, NDArray images) {
        NDArray x = images;
        for (int s = 0; s < stage; s++) {
            x = forward(net.stages().get(s), x);
        }
        return x;
    }

    private static double maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    /**
     * The tolerance is 1e-5 relative to the output's largest magnitude (absolute below 1). Both paths are
     * float32: on MobileNet's stages the unfolded path is itself up to 3.6e-5 away from a float64 evaluation
     * of the same stage, the folded one up to 4.7e-5 (measured on the images below).
     */
    private static double scale(NDArray a) {
        return Math.max(1.0, a.abs().max().getFloat());
    }

    /** Random whole-number pixel values in [0, 255], the same for every call with the same shape. */
    static NDArray pixels(NDManager m, Shape shape) {
        Random r = new Random(5);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(256);
        }
        return m.create(v, shape);
    }

    private static ArrayBatches images(int n) {
        Random r = new Random(11);
        float[] v = new float[n * 3 * 32 * 32];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(256);
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return new ArrayBatches(v, new Shape(3, 32, 32), labels);
    }
}
