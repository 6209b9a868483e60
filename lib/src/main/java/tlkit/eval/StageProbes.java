package tlkit.eval;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tlkit.models.Backbone;
import tlkit.tune.FeatureCache;
import tlkit.tune.Fit;
import tlkit.tune.Head;
import tlkit.tune.History;
import tlkit.tune.TransferModel;

/**
 * Linear probes at every depth of a pretrained backbone: a linear head trained on each stage's pooled
 * features (from {@code StageFeatures.pooled}) and scored on held-out examples. How the accuracy changes
 * with depth says where the network's features stop being generic and become specific to its pretraining.
 */
public final class StageProbes {

    /** One stage's probe: its feature size, the accuracy on the data it trained on and on the held-out data. */
    public record Probe(String stage, int features, double trainAccuracy, double accuracy) {}

    private StageProbes() {
    }

    /**
     * Trains one linear head per stage with {@code fit} (the last epoch is kept: the held-out data is only
     * reported, never used to pick an epoch) and returns the probes in stage order. Each stage's features are
     * standardised with the training examples' mean and standard deviation first: stages differ in scale by
     * orders of magnitude, and one learning rate can only be fair to all of them on a common scale.
     */
    public static List<Probe> run(Backbone backbone, List<FeatureCache> train, List<FeatureCache> heldOut,
            int numClasses, Fit fit) {
        List<Probe> probes = new ArrayList<>();
        for (int s = 0; s < train.size(); s++) {
            String stage = backbone.stages().get(s).name();
            try (TransferModel probe = TransferModel.of(backbone.upTo(s + 1, train.get(s).featureDim()),
                    Head.linear(numClasses), fit.seed())) {
                FeatureCache[] scaled = standardised(train.get(s), heldOut.get(s));
                History h = fit.keepLastEpoch().name("probe after " + stage).fitHead(probe, scaled[0], scaled[1]);
                double[] trainAcc = h.column("train_acc");
                probes.add(new Probe(stage, train.get(s).featureDim(), trainAcc[trainAcc.length - 1], h.bestValAcc()));
            }
        }
        return probes;
    }

    /** Both caches shifted and scaled by the first one's per-feature mean and standard deviation. */
    static FeatureCache[] standardised(FeatureCache train, FeatureCache heldOut) {
        int d = train.featureDim();
        double[] mean = new double[d];
        double[] sd = new double[d];
        float[][] x = train.matrix();
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / x.length;
            }
        }
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j]) + 1e-6;
        }
        return new FeatureCache[] {apply(train, mean, sd), apply(heldOut, mean, sd)};
    }

    private static FeatureCache apply(FeatureCache cache, double[] mean, double[] sd) {
        int d = cache.featureDim();
        float[] out = new float[cache.size() * d];
        for (int i = 0; i < cache.size(); i++) {
            float[] row = cache.features(i);
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) ((row[j] - mean[j]) / sd[j]);
            }
        }
        return FeatureCache.of(out, d, cache.labels());
    }

    /** The probes as a table, one row per stage, numbers rounded. */
    public static Table table(String title, List<Probe> probes) {
        Table t = Table.create(title, StringColumn.create("stage"), IntColumn.create("features"),
                DoubleColumn.create("train acc"), DoubleColumn.create("held-out acc"));
        for (Probe p : probes) {
            t.stringColumn(0).append(p.stage());
            t.intColumn(1).append(p.features());
            t.doubleColumn(2).append(p.trainAccuracy());
            t.doubleColumn(3).append(p.accuracy());
        }
        return Tables.rounded(t);
    }
}
