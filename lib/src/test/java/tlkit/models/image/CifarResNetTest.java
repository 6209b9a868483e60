package tlkit.models.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.nn.Block;
import java.util.List;
import org.junit.jupiter.api.Test;
import tlkit.data.Catalog;
import tlkit.data.Splits;
import tlkit.data.images.ImageDataset;
import tlkit.data.images.ImageFolder;
import tlkit.data.images.ImageTransform;
import tlkit.models.Backbone;
import tlkit.models.Backbones;

class CifarResNetTest {

    /**
     * CIFAR-10 test JPEGs used by the accuracy test: a fixed stratified 3,000 by default (the full
     * 10,000 take over a minute on a shared 2-core machine); -Dtlkit.cifarEvalImages=10000 for all.
     */
    private static final int EVAL_IMAGES = Integer.getInteger("tlkit.cifarEvalImages", 3_000);

    @Test
    void resnet20ScoresAbove80OnCifarJpegs() {
        long t0 = System.nanoTime();
        ImageDataset test = ImageFolder.of(Catalog.get().path("cifar10-test"))
                .withTransform(ImageTransform.resizeCenterCrop(32));
        assertEquals(CifarResNet.CIFAR10_CLASSES, test.classes());
        assertEquals(10_000, test.size());
        if (EVAL_IMAGES < test.size()) {
            test = test.subset(Splits.stratified(test.labels(), EVAL_IMAGES / 10_000.0, 7).train());
        }
        try (CifarResNet net = (CifarResNet) Backbones.load("resnet20-cifar10")) {
            Block classifier = net.withOriginalHead();
            int correct = 0;
            for (int[] idx : test.batchIndices(500, null)) {
                try (NDManager m = net.manager().newSubManager()) {
                    NDList b = test.batch(m, idx);
                    NDArray logits = classifier.forward(new ParameterStore(m, false), new NDList(b.get(0)), false)
                            .singletonOrThrow();
                    correct += (int) logits.argMax(1).toType(b.get(1).getDataType(), false).eq(b.get(1)).sum()
                            .toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
                }
            }
            double acc = 100.0 * correct / test.size();
            System.out.printf("resnet20 on %d CIFAR-10 test JPEGs: %.2f %% (%.1f s)%n", test.size(), acc,
                    (System.nanoTime() - t0) / 1e9);
            assertTrue(acc >= (test.size() >= 10_000 ? 80.0 : 79.0), "accuracy " + acc);
        }
    }

    @Test
    void stagesAndFeatureShapesFollowTheArchitecture() {
        try (Backbone net = Backbones.load("resnet56-cifar10"); NDManager m = NDManager.newBaseManager()) {
            assertEquals(List.of("stem", "layer1", "layer2", "layer3"), net.stages().stream().map(s -> s.name()).toList());
            assertEquals(64, net.featureDim());
            long params = net.stages().stream().mapToLong(s -> s.parameterCount()).sum()
                    + 64 * 10 + 10; // + original head
            assertEquals(853_018, params); // SOURCES.md: trainable params of ResNet-56
            NDArray x = m.randomUniform(0, 255, new ai.djl.ndarray.types.Shape(2, 3, 32, 32));
            NDArray after2 = x;
            ParameterStore ps = new ParameterStore(m, false);
            long[][] expected = {{2, 16, 32, 32}, {2, 16, 32, 32}, {2, 32, 16, 16}, {2, 64, 8, 8}};
            for (int s = 0; s < 4; s++) {
                after2 = net.stages().get(s).forward(ps, new NDList(after2), false).singletonOrThrow();
                assertArrayEquals(expected[s], after2.getShape().getShape());
            }
        }
    }

    @Test
    void everyRegisteredImageBackboneLoadsThroughTheCatalog() {
        List<String> imageIds = new ImageBackbones().backbones().stream().map(Backbones.Entry::id).toList();
        assertTrue(Backbones.ids().containsAll(imageIds), Backbones.ids().toString());
        for (String id : imageIds) {
            try (Backbone net = Backbones.load(id, id.startsWith("mobilenet") ? 96 : 32);
                    NDManager m = NDManager.newBaseManager()) {
                long side = net.exampleShape().get(1);
                NDArray f = net.block().forward(new ParameterStore(m, false),
                        new NDList(m.ones(new ai.djl.ndarray.types.Shape(1, 3, side, side)).mul(128)), false)
                        .singletonOrThrow();
                assertArrayEquals(new long[] {1, net.featureDim()}, f.getShape().getShape(), id);
            }
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Backbones.load("resnet18-imagenet"));
        assertTrue(e.getMessage().contains("mobilenet-v1-025-imagenet"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Backbones.load("mobilenet-v1-025-imagenet", 100));
    }
}
