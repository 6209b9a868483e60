package tlkit.text.lm;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tlkit.viz.PretrainingCharts;

/**
 * What happened during pretraining: the training loss of every step, and at every checkpoint (step 0
 * included) the held-out cross-entropy and perplexity.
 */
public final class PretrainingLog {

    private final List<Double> stepLosses = new ArrayList<>();
    private final Table checkpoints = Table.create("pretraining", IntColumn.create("step"),
            LongColumn.create("words seen"), DoubleColumn.create("train loss"), DoubleColumn.create("held-out loss"),
            DoubleColumn.create("held-out perplexity"), DoubleColumn.create("seconds"));

    void step(double loss) {
        stepLosses.add(loss);
    }

    void checkpoint(int step, long wordsSeen, double trainLoss, double heldOutLoss, double seconds) {
        checkpoints.intColumn(0).append(step);
        checkpoints.longColumn(1).append(wordsSeen);
        checkpoints.doubleColumn(2).append(trainLoss);
        checkpoints.doubleColumn(3).append(heldOutLoss);
        checkpoints.doubleColumn(4).append(Math.exp(heldOutLoss));
        checkpoints.doubleColumn(5).append(seconds);
    }

    /** Training loss (nats per word) of each step, in order. */
    public double[] stepLosses() {
        return stepLosses.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** One row per checkpoint: step, words seen, train loss (mean since the last checkpoint), held-out loss and perplexity, seconds. */
    public Table table() {
        return checkpoints;
    }

    public double perplexityBefore() {
        return checkpoints.doubleColumn(4).get(0);
    }

    public double perplexityAfter() {
        return checkpoints.doubleColumn(4).get(checkpoints.rowCount() - 1);
    }

    public int steps() {
        return stepLosses.size();
    }

    public double seconds() {
        return checkpoints.doubleColumn(5).get(checkpoints.rowCount() - 1);
    }

    /** Training loss per step (with its running mean over {@code window} steps) and the held-out loss per checkpoint. */
    public BufferedImage chart(int window) {
        return PretrainingCharts.lossPerStep(stepLosses(), checkpoints.intColumn("step").asDoubleArray(),
                checkpoints.doubleColumn("held-out loss").asDoubleArray(), window);
    }
}
