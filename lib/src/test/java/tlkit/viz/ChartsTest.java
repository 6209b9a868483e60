package tlkit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tlkit.tune.History;
import tlkit.eval.Predictions;
import tlkit.testing.Cifar;
import tlkit.testing.TinyNets;
import tlkit.data.ArrayBatches;
import tlkit.data.BatchSource;
import tlkit.tune.FeatureCache;
import tlkit.tune.Fit;
import tlkit.tune.Head;
import tlkit.tune.Strategy;
import tlkit.tune.TransferModel;

/** Renders every chart from real (small) runs into target/charts/ for a visual check. */
class ChartsTest {

    static final List<String> CLASSES = List.of("airplane", "automobile", "frog");
    static final Path OUT = Path.of("target", "charts");
    static ArrayBatches images;
    static BatchSource.Split split;

    @BeforeAll
    static void load() {
        System.setProperty("java.awt.headless", "true");
        images = Cifar.load(40, CLASSES.toArray(String[]::new));
        split = images.split(0.3, 7);
    }

    static void assertDrawn(BufferedImage img, int minWidth, int minHeight, String file) {
        assertTrue(img.getWidth() >= minWidth && img.getHeight() >= minHeight,
                file + " is " + img.getWidth() + "x" + img.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, file + " looks blank (" + colours.size() + " colours)");
        Path p = Charts.savePng(img, OUT.resolve(file));
        assertTrue(Files.exists(p));
    }

    @Test
    void chartsOfRealRunsRenderHeadless() {
        try (TransferModel model = TransferModel.of(TinyNets.backbone(41), Head.linear(3))) {
            FeatureCache train = FeatureCache.compute(model.backbone(), split.train());
            FeatureCache val = FeatureCache.compute(model.backbone(), split.validation());
            History linear = Fit.sgd(0.2f).epochs(8).quiet().name("linear head").fitHead(model, train, val);
            List<History> runs = new ArrayList<>(List.of(linear));
            try (TransferModel mlp = TransferModel.of(TinyNets.backbone(41), Head.mlp(32, 3, 0.2f))) {
                runs.add(Fit.sgd(0.2f).epochs(8).quiet().name("mlp head").fitHead(mlp, train, val));
            }
            assertDrawn(Charts.learningCurves(runs), 1000, 400, "learning-curves.png");
            assertDrawn(Charts.compare(runs), 600, 400, "compare.png");
            // mean and standard deviation over 3 seeds of each head, trained on the cached features
            List<String> heads = List.of("linear head", "mlp head");
            double[] mean = new double[2];
            double[] std = new double[2];
            for (int hIdx = 0; hIdx < 2; hIdx++) {
                double[] acc = new double[3];
                for (int seed = 0; seed < 3; seed++) {
                    try (TransferModel m = TransferModel.of(TinyNets.backbone(41),
                            hIdx == 0 ? Head.linear(3) : Head.mlp(32, 3, 0.2f), seed)) {
                        acc[seed] = Fit.sgd(0.2f).epochs(8).seed(seed).quiet().fitHead(m, train, val).bestValAcc();
                    }
                }
                mean[hIdx] = java.util.Arrays.stream(acc).average().orElse(0);
                double mu = mean[hIdx];
                std[hIdx] = Math.sqrt(java.util.Arrays.stream(acc).map(a -> (a - mu) * (a - mu)).sum() / 2);
            }
            assertDrawn(Charts.bars("Best validation accuracy (mean ± sd of 3 seeds)", "validation accuracy",
                    heads, mean, std), 600, 400, "bars.png");

            Predictions pred = Predictions.of(model, split.validation());
            assertDrawn(Charts.confusionMatrix(pred.confusionCounts(), CLASSES, "Validation confusion matrix"),
                    600, 300, "confusion.png");
            assertDrawn(Charts.pcaScatter(train.matrix(), train.labels(), CLASSES, "Backbone features (PCA)"),
                    600, 400, "pca.png");

            List<BufferedImage> imgs = new ArrayList<>();
            List<String> truth = new ArrayList<>();
            List<String> guess = new ArrayList<>();
            BatchSource v = split.validation();
            ArrayBatches all = images;
            int[] valLabels = v.labels();
            for (int i = 0; i < 12; i++) {
                float[] chw = new float[3072];
                try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {
                    chw = v.inputs(m, new int[] {i}).singletonOrThrow().toFloatArray();
                }
                imgs.add(Cifar.image(chw));
                truth.add(CLASSES.get(valLabels[i]));
                guess.add(CLASSES.get(pred.predicted()[i]));
            }
            assertEquals(3072, all.example(0).length);
            assertDrawn(Charts.imageGrid(imgs, truth, guess, 6), 600, 200, "image-grid.png");

            Map<String, double[]> curves = new LinkedHashMap<>();
            int[] perClass = {2, 5, 10, 20};
            for (String head : List.of("linear", "mlp")) {
                double[] acc = new double[perClass.length];
                for (int i = 0; i < perClass.length; i++) {
                    try (TransferModel m = TransferModel.of(TinyNets.backbone(41),
                            head.equals("linear") ? Head.linear(3) : Head.mlp(32, 3, 0.2f))) {
                        acc[i] = Fit.sgd(0.2f).epochs(8).quiet().fitHead(m, train.perClass(perClass[i], 1), val)
                                .bestValAcc();
                    }
                }
                curves.put(head + " head", acc);
            }
            assertDrawn(Charts.accuracyVsExamples(perClass, curves, true), 600, 400, "accuracy-vs-examples.png");
        }
    }
}
