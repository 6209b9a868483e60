package tlkit.tune;

import java.util.Locale;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tlkit.data.BatchSource;

/**
 * The learning-rate range test (Smith 2017, fast.ai's {@code lr_find}): train for a few batches while
 * the learning rate grows exponentially from {@code minLr} to {@code maxLr}, record the (smoothed)
 * loss, stop when it explodes. A good learning rate is where the loss still falls steeply: the
 * suggestion is the lr of the lowest smoothed loss divided by 10. The model's weights are put back
 * afterwards (its freezing is left as the strategy set it).
 *
 * <pre>{@code
 * LrFinder.Result r = new LrFinder().run(model, Strategy.partial(2), train);
 * display(Charts.lrFinder(r));  float lr = r.suggestedLr();
 * }</pre>
 */
public final class LrFinder {

    /** Loss per tried lr ({@code lr, loss, smoothed_loss}) and the suggestion. */
    public record Result(Table table, float suggestedLr, float minLossLr) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "suggested lr %.2e (lowest smoothed loss at %.2e), %d steps",
                    suggestedLr, minLossLr, table.rowCount());
        }
    }

    private float minLr = 1e-5f;
    private float maxLr = 1f;
    private int steps = 60;
    private float smoothing = 0.9f;
    private Fit settings = new Fit();

    public LrFinder range(float minLr, float maxLr) {
        if (!(minLr > 0 && maxLr > minLr)) {
            throw new IllegalArgumentException("need 0 < minLr < maxLr, got " + minLr + ", " + maxLr);
        }
        this.minLr = minLr;
        this.maxLr = maxLr;
        return this;
    }

    /** Number of batches (one optimizer step each). */
    public LrFinder steps(int steps) {
        if (steps < 5) {
            throw new IllegalArgumentException("steps must be >= 5, got " + steps);
        }
        this.steps = steps;
        return this;
    }

    /** Optimizer, batch size and seed to use (the lr and epochs of {@code fit} are ignored). */
    public LrFinder settings(Fit fit) {
        this.settings = fit.copy();
        return this;
    }

    public Result run(TransferModel model, Strategy strategy, BatchSource train) {
        WeightSnapshot start = WeightSnapshot.of(model.namedParameters().values());
        DoubleColumn lrCol = DoubleColumn.create("lr");
        DoubleColumn lossCol = DoubleColumn.create("loss");
        DoubleColumn smoothCol = DoubleColumn.create("smoothed_loss");
        Random random = new Random(settings.seed());
        int batch = Math.min(settings.batchSize(), train.size());
        int[] order = Fit.permutation(train.size(), random);
        int cursor = 0;
        double avg = 0;
        double best = Double.POSITIVE_INFINITY;
        float bestLr = minLr;
        try (TrainingRun run = settings.newRun(model, strategy, steps)) {
            for (int i = 0; i < steps; i++) {
                float lr = (float) (minLr * Math.pow(maxLr / minLr, i / (double) (steps - 1)));
                run.learningRates().setBaseLr(lr);
                if (cursor + batch > order.length) {
                    order = Fit.permutation(train.size(), random);
                    cursor = 0;
                }
                int[] idx = java.util.Arrays.copyOfRange(order, cursor, cursor + batch);
                cursor += batch;
                double loss = run.step(train, idx).loss();
                if (!Double.isFinite(loss)) {
                    break;
                }
                avg = smoothing * avg + (1 - smoothing) * loss;
                double smoothed = avg / (1 - Math.pow(smoothing, i + 1));
                lrCol.append(lr);
                lossCol.append(loss);
                smoothCol.append(smoothed);
                if (smoothed < best) {
                    best = smoothed;
                    bestLr = lr;
                }
                if (i > 5 && smoothed > 4 * best) {
                    break;
                }
            }
        } finally {
            start.restore();
        }
        return new Result(Table.create("lr finder: " + strategy.name(), lrCol, lossCol, smoothCol),
                Math.max(minLr, bestLr / 10f), bestLr);
    }
}
