package tlkit.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tlkit.testing.Cifar;
import tlkit.testing.TinyNets;
import tlkit.tune.BatchSource;
import tlkit.tune.FeatureCache;
import tlkit.tune.Fit;
import tlkit.tune.Head;
import tlkit.tune.TransferModel;

class PredictionsTest {

    @Test
    void headOnCachedFeaturesPredictsLikeTheWholeModelOnImages() {
        BatchSource.Split split = Cifar.load(40, "cat", "ship").split(0.5, 4);
        try (TransferModel m = TransferModel.of(TinyNets.backbone(31), Head.linear(2), 5)) {
            FeatureCache train = FeatureCache.compute(m.backbone(), split.train());
            FeatureCache val = FeatureCache.compute(m.backbone(), split.validation());
            Fit.sgd(0.1f).epochs(3).batchSize(16).quiet().fitHead(m, train, val);
            Predictions onImages = Predictions.of(m, split.validation());
            Predictions onFeatures = Predictions.ofHead(m, val);
            assertEquals(split.validation().size(), onFeatures.labels().length);
            assertArrayEquals(onImages.labels(), onFeatures.labels());
            assertArrayEquals(onImages.predicted(), onFeatures.predicted());
            for (int i = 0; i < val.size(); i++) {
                assertArrayEquals(onImages.probabilities()[i], onFeatures.probabilities()[i], 1e-5f);
            }
            assertTrue(onFeatures.accuracy() > 0.5, "a trained head beats chance: " + onFeatures.accuracy());
        }
    }
}
