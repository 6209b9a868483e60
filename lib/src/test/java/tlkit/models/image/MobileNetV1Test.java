package tlkit.models.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tlkit.data.Catalog;
import tlkit.data.Splits;
import tlkit.data.images.ImageDataset;
import tlkit.data.images.ImageFolder;
import tlkit.data.images.ImageTransform;
import tlkit.models.Backbone;
import tlkit.models.Backbones;
import tlkit.models.SafeTensors;
import tlkit.models.Stage;
import tlkit.tune.FeatureCache;

class MobileNetV1Test {

    private static Path hymenoptera() {
        return Catalog.get().path("hymenoptera");
    }

    @Test
    void batchNormInputMeansTrackStoredMovingMeans() {
        ImageDataset train = ImageFolder.of(hymenoptera().resolve("train"));
        int[] idx = Splits.kShot(train.labels(), 16, 1).train(); // 32 real images, both classes
        try (Backbone net = Backbones.load("mobilenet-v1-025-imagenet"); NDManager m = NDManager.newBaseManager()) {
            NDArray x = train.batch(m, idx).get(0);
            List<double[]> inputMeans = new ArrayList<>();
            List<double[]> movingMeans = new ArrayList<>();
            ParameterStore ps = new ParameterStore(m, false);
            for (Stage s : net.stages()) {
                x = forwardRecording(s.inner(), x, ps, inputMeans, movingMeans);
            }
            assertEquals(27, inputMeans.size()); // conv1_bn + 13 x (dw_bn, pw_bn)
            double[] r = new double[inputMeans.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = pearson(inputMeans.get(i), movingMeans.get(i));
            }
            double[] sorted = r.clone();
            Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            System.out.printf("BN input mean vs moving_mean: median r = %.4f, min r = %.4f%n", median, sorted[0]);
            assertTrue(median >= 0.95, "median r " + median + " per layer " + Arrays.toString(r));
        }
    }

    /** Forward through nested SequentialBlocks, noting each BatchNorm's per-channel input mean. */
    private static NDArray forwardRecording(Block block, NDArray x, ParameterStore ps, List<double[]> inputMeans,
            List<double[]> movingMeans) {
        if (block instanceof SequentialBlock seq) {
            for (Block child : seq.getChildren().values()) {
                x = forwardRecording(child, x, ps, inputMeans, movingMeans);
            }
            return x;
        }
        if (block instanceof BatchNorm bn) {
            long channels = x.getShape().get(1);
            inputMeans.add(toDouble(x.swapAxes(0, 1).reshape(channels, -1).mean(new int[] {1}).toFloatArray()));
            movingMeans.add(toDouble(bn.getParameters().get("runningMean").getArray().toFloatArray()));
        }
        return block.forward(ps, new NDList(x), false).singletonOrThrow();
    }

    @Test
    void kerasKernelsLandInOihwLayoutAndSurviveReinitialisation() {
        Path file = Catalog.get().path("mobilenet-v1-025-imagenet").resolve(MobileNetV1.WEIGHTS_FILE);
        try (Backbone net = Backbones.load("mobilenet-v1-025-imagenet", 128); NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> raw = SafeTensors.read(file, m);
            float[] hwio = raw.get("conv1/kernel:0").toFloatArray(); // (3, 3, 3, 8)
            float[] dw = raw.get("conv_dw_2/depthwise_kernel:0").toFloatArray(); // (3, 3, 16, 1)
            List<NDArray> convs = new ArrayList<>();
            net.block().getParameters().forEach(p -> {
                if (p.getValue().getName().equals("weight")) {
                    convs.add(p.getValue().getArray());
                }
            });
            NDArray conv1 = convs.get(0);
            NDArray dw2 = convs.get(3); // conv1, dw1, pw1, dw2
            assertEquals(new Shape(8, 3, 3, 3), conv1.getShape());
            assertEquals(new Shape(16, 1, 3, 3), dw2.getShape());
            // OIHW[o][i][h][w] == HWIO[h][w][i][o]
            assertEquals(hwio[((2 * 3 + 1) * 3 + 2) * 8 + 5], conv1.getFloat(5, 2, 2, 1));
            assertEquals(dw[((1 * 3 + 2) * 16 + 11)], dw2.getFloat(11, 0, 1, 2));
            // a trainer initializing the block again (trainer.initialize) must keep the pretrained values
            net.block().initialize(net.manager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3, 128, 128));
            NDArray conv1Again = net.block().getParameters().values().get(0).getArray();
            assertEquals(hwio[((2 * 3 + 1) * 3 + 2) * 8 + 5], conv1Again.getFloat(5, 2, 2, 1));
        }
    }

    @Test
    void frozenFeaturesTellAntsFromBeesAbove85() {
        long t0 = System.nanoTime();
        ImageDataset train = ImageFolder.of(hymenoptera().resolve("train")).cached(512);
        ImageDataset val = ImageFolder.of(hymenoptera().resolve("val")).cached(512);
        try (Backbone net = Backbones.load("mobilenet-v1-025-imagenet", 224)) {
            long t1 = System.nanoTime();
            float[][] ftrain = FeatureCache.compute(net, train, 32).matrix();
            float[][] fval = FeatureCache.compute(net, val, 32).matrix();
            long t2 = System.nanoTime();
            System.out.printf("mobilenet 224: %d images decoded + features in %.1f s (%.0f img/s)%n",
                    train.size() + val.size(), (t2 - t1) / 1e9, (train.size() + val.size()) / ((t2 - t1) / 1e9));
            LinearProbe probe = LinearProbe.fit(ftrain, train.labels(), 2, 1e-2);
            double acc = probe.accuracy(fval, val.labels());
            System.out.printf("mobilenet 224 frozen features + logistic regression: val %.1f %% (%d images), "
                    + "train %.1f %%, test took %.1f s%n", acc, val.size(), probe.accuracy(ftrain, train.labels()),
                    (System.nanoTime() - t0) / 1e9);
            assertTrue(acc >= 85.0, "val accuracy " + acc);
        }
        try (Backbone small = Backbones.load("mobilenet-v1-025-imagenet", 128)) {
            ImageDataset val128 = val.withTransform(ImageTransform.resizeCenterCrop(128));
            long t4 = System.nanoTime();
            float[][] f = FeatureCache.compute(small, val128, 32).matrix();
            System.out.printf("mobilenet 128: cached features %.0f img/s%n", val128.size() / ((System.nanoTime() - t4) / 1e9));
            assertEquals(256, f[0].length);
        }
    }

    @Test
    void stagesHalveTheResolutionDownTo7x7() {
        try (Backbone net = Backbones.load("mobilenet-v1-025-imagenet"); NDManager m = NDManager.newBaseManager()) {
            assertEquals(List.of("stem", "stage1", "stage2", "stage3", "stage4"),
                    net.stages().stream().map(Stage::name).toList());
            NDArray x = m.randomUniform(0, 255, new Shape(1, 3, 224, 224));
            ParameterStore ps = new ParameterStore(m, false);
            long[][] expected = {{1, 16, 112, 112}, {1, 32, 56, 56}, {1, 64, 28, 28}, {1, 128, 14, 14},
                {1, 256, 7, 7}};
            for (int s = 0; s < 5; s++) {
                x = net.stages().get(s).forward(ps, new NDList(x), false).singletonOrThrow();
                assertArrayEquals(expected[s], x.getShape().getShape());
            }
            long params = net.stages().stream().mapToLong(Stage::parameterCount).sum();
            assertEquals(218_544, params + bnStatistics(net)); // SOURCES.md: values in the weights file
        }
    }

    private static long bnStatistics(Backbone net) {
        long n = 0;
        for (var p : net.block().getParameters().values()) {
            if (p.getType() == ai.djl.nn.Parameter.Type.RUNNING_MEAN || p.getType() == ai.djl.nn.Parameter.Type.RUNNING_VAR) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
