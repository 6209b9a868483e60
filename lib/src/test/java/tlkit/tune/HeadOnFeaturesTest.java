package tlkit.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tlkit.eval.Predictions;
import tlkit.testing.Cifar;
import tlkit.testing.TinyNets;
import tlkit.data.BatchSource;

/** Sweeping and predicting with a head on cached features gives what the full model gives on raw inputs. */
class HeadOnFeaturesTest {

    @Test
    void headPredictionsOnCachedFeaturesEqualFullModelPredictionsOnRawInputs() {
        BatchSource.Split split = Cifar.load(40, "cat", "ship").split(0.5, 4);
        try (TransferModel m = TransferModel.of(TinyNets.backbone(31), Head.linear(2), 5)) {
            FeatureCache train = FeatureCache.compute(m.backbone(), split.train());
            FeatureCache val = FeatureCache.compute(m.backbone(), split.validation());
            Fit.sgd(0.1f).epochs(3).batchSize(16).quiet().fitHead(m, train, val);
            Predictions raw = Predictions.of(m, split.validation());
            Predictions cached = Predictions.ofHead(m, val);
            assertEquals(split.validation().size(), cached.labels().length);
            assertArrayEquals(raw.predicted(), cached.predicted());
            assertArrayEquals(raw.labels(), cached.labels());
            for (int i = 0; i < val.size(); i++) {
                assertArrayEquals(raw.probabilities()[i], cached.probabilities()[i], 1e-5f, "example " + i);
            }
            assertTrue(cached.accuracy() > 0.5, "a trained head beats chance: " + cached.accuracy());
        }
    }

    @Test
    void headSweepPicksTheBestValidationAccuracyAndRestoresTheHead() {
        BatchSource.Split split = Cifar.load(40, "airplane", "frog").split(0.3, 6);
        try (TransferModel m = TransferModel.of(TinyNets.backbone(24), Head.linear(2), 8)) {
            FeatureCache train = FeatureCache.compute(m.backbone(), split.train());
            FeatureCache val = FeatureCache.compute(m.backbone(), split.validation());
            var before = LrToolsTest.values(m);
            Fit budget = Fit.sgd(0.01f).epochs(3).batchSize(16);
            LrSweep.Result r = LrSweep.runHead(m, train, val, budget, 1e-5f, 1e-1f, 1e4f);
            System.out.println(r);
            double[] acc = r.table().doubleColumn("val_acc").asDoubleArray();
            int best = LrToolsTest.indexOfMax(acc);
            assertEquals(r.table().doubleColumn("lr").get(best), r.bestLr(), 1e-9);
            var after = LrToolsTest.values(m);
            before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " restored after the sweep"));
            // the sweep's score for an lr is what a plain fitHead at that lr reaches from the same start
            History h = budget.lr(r.bestLr()).quiet().monitorAccuracy().fitHead(m, train, val);
            assertEquals(acc[best], h.bestValAcc(), 1e-9);
        }
    }
}
