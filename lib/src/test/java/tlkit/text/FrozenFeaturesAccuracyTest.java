package tlkit.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Frozen MiniLM features separate real classes: a nearest-centroid classifier from 16 examples per class. */
class FrozenFeaturesAccuracyTest {

    @Test
    void sixteenShotNearestCentroidOnFrozenMiniLmFeaturesDetectsSpam() {
        TextDataset sms = TextData.smsSpam().distinctTexts();
        TextDataset[] parts = sms.stratifiedSplit(0.5, 11);
        TextDataset train = parts[0].kShot(16, 5);
        TextDataset test = parts[1].kShot(60, 5); // balanced, so chance is 50 % (majority "ham" would be 87 %)
        double accuracy = nearestCentroidAccuracy(SharedMiniLm.get(), train, test);
        System.out.printf("SMS spam, 16-shot nearest centroid on frozen MiniLM features: %.1f %% of %d (balanced)%n",
                100 * accuracy, test.size());
        assertTrue(accuracy > 0.75, "balanced accuracy " + accuracy + " (chance 0.5; measured 0.867 when written)");
    }

    static double nearestCentroidAccuracy(TextEncoder encoder, TextDataset train, TextDataset test) {
        float[][] tr = encoder.embed(train.texts(), 32, 64);
        int dim = tr[0].length;
        double[][] centroids = new double[train.numClasses()][dim];
        for (int i = 0; i < tr.length; i++) {
            for (int k = 0; k < dim; k++) {
                centroids[train.label(i)][k] += tr[i][k];
            }
        }
        float[][] te = encoder.embed(test.texts(), 32, 64);
        int correct = 0;
        for (int i = 0; i < te.length; i++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < centroids.length; c++) {
                float[] centroid = new float[dim];
                for (int k = 0; k < dim; k++) {
                    centroid[k] = (float) centroids[c][k];
                }
                double score = SharedMiniLm.cosine(te[i], centroid);
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            correct += best == test.label(i) ? 1 : 0;
        }
        return correct / (double) te.length;
    }
}
