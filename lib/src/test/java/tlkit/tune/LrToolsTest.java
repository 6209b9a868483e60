package tlkit.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tlkit.testing.Cifar;
import tlkit.testing.TinyNets;
import tlkit.data.BatchSource;
import tlkit.data.ArrayBatches;

class LrToolsTest {

    static Map<String, float[]> values(TransferModel m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        m.namedParameters().forEach((k, p) -> out.put(k, p.getArray().toFloatArray()));
        return out;
    }

    @Test
    void lrSweepRestartsFromTheSameWeightsAndPicksTheBestValidationAccuracy() {
        BatchSource.Split split = Cifar.load(40, "airplane", "frog").split(0.3, 4);
        try (TransferModel m = TransferModel.of(TinyNets.backbone(32), Head.linear(2))) {
            Map<String, float[]> before = values(m);
            LrSweep.Result r = LrSweep.run(m, Strategy.partial(1), split.train(), split.validation(),
                    Fit.sgd(0.01f).epochs(2).batchSize(16), 1e-4f, 3e-2f, 50f);
            System.out.println(r);
            double[] acc = r.table().doubleColumn("val_acc").asDoubleArray();
            int best = indexOfMax(acc);
            assertEquals(r.table().doubleColumn("lr").get(best), r.bestLr(), 1e-9);
            assertTrue(r.bestLr() < 50f, "lr 50 diverges and must not win");
            Map<String, float[]> after = values(m);
            before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " restored after the sweep"));
            // every trial restarts from the same weights: repeating one lr gives the same score
            LrSweep.Result again = LrSweep.run(m, Strategy.partial(1), split.train(), split.validation(),
                    Fit.sgd(0.01f).epochs(2).batchSize(16), 3e-2f);
            assertEquals(r.table().doubleColumn("val_loss").get(1), again.table().doubleColumn("val_loss").get(0), 1e-6);
        }
    }

    @Test
    void warmHeadSweepOnCachedFeaturesScoresLikeTheSweepOnRawExamples() {
        BatchSource.Split split = Cifar.load(40, "airplane", "frog").split(0.3, 4);
        Strategy warm = Strategy.partial(1).withWarmHead(0.03f, 3);
        Fit budget = Fit.sgd(0.01f).epochs(2).batchSize(16).quiet();
        try (TransferModel m = TransferModel.of(TinyNets.backbone(34), Head.linear(2))) {
            Map<String, float[]> before = values(m);
            LrSweep.Result raw = LrSweep.run(m, warm, split.train(), split.validation(), budget, 1e-3f, 3e-2f);
            TrainingData data = TrainingData.of(split.train(), split.validation()).withFeatures(
                    FeatureCache.compute(m.backbone(), split.train()), FeatureCache.compute(m.backbone(), split.validation()));
            LrSweep.Result cached = LrSweep.run(m, warm, data, budget, 1e-3f, 3e-2f);
            System.out.println(cached);
            assertArrayEquals(raw.table().doubleColumn("val_loss").asDoubleArray(),
                    cached.table().doubleColumn("val_loss").asDoubleArray(), 1e-3, "the probe on cached features is the same probe");
            assertEquals(raw.bestLr(), cached.bestLr());
            Map<String, float[]> after = values(m);
            before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " restored after the sweep"));
        }
    }

    @Test
    void headSweepOnCachedFeaturesRestartsFromTheSameHeadAndRestoresIt() {
        BatchSource.Split split = Cifar.load(40, "airplane", "frog").split(0.3, 4);
        try (TransferModel m = TransferModel.of(TinyNets.backbone(33), Head.linear(2))) {
            FeatureCache train = FeatureCache.compute(m.backbone(), split.train());
            FeatureCache val = FeatureCache.compute(m.backbone(), split.validation());
            Map<String, float[]> before = values(m);
            LrSweep.Result r = LrSweep.runHead(m, train, val, Fit.sgd(0.01f).epochs(3).batchSize(8), 1e-3f, 3e-2f, 1e-3f);
            System.out.println(r);
            double[] loss = r.table().doubleColumn("val_loss").asDoubleArray();
            assertEquals(3, loss.length);
            assertEquals(loss[0], loss[2], 1e-6, "the same lr from the same start gives the same score");
            assertTrue(Math.abs(loss[0] - loss[1]) > 1e-4, "a 30x larger lr must train differently");
            Map<String, float[]> after = values(m);
            before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " restored after the sweep"));
        }
    }

    /** The first index of the largest value: the row a sweep must pick. */
    static int indexOfMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
