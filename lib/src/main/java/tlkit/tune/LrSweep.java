package tlkit.tune;

import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tlkit.data.BatchSource;

/**
 * A small learning-rate search for one strategy: train for a short budget at each candidate lr
 * (restarting from the same weights every time), score on the validation data, keep the best.
 * Compare strategies each at its own best lr: a shared lr favours whichever strategy it happens to
 * suit (a model trained from scratch may collapse at a fine-tuning lr).
 *
 * <pre>{@code
 * LrSweep.Result s = LrSweep.run(model, Strategy.full(), train, val, Fit.sgd(0.01f).epochs(2),
 *         1e-3f, 3e-3f, 1e-2f, 3e-2f);
 * History h = Fit.sgd(s.bestLr()).epochs(10).run(model, Strategy.full(), train, val);
 * }</pre>
 */
public final class LrSweep {

    private LrSweep() {
    }

    /** One row per lr ({@code lr, val_acc, val_loss, best_epoch, seconds}) and the winner. */
    public record Result(String strategy, Table table, float bestLr) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: best lr %.2e\n%s", strategy, bestLr, table.print());
        }
    }

    /**
     * Tries every lr with {@code budget}'s settings (its lr is replaced; keep its epochs small). The
     * model's weights are put back to what they were before the sweep. Best = highest best-epoch
     * validation accuracy, ties broken by lower validation loss.
     */
    public static Result run(TransferModel model, Strategy strategy, BatchSource train, BatchSource validation,
            Fit budget, float... lrs) {
        return run(model, strategy, TrainingData.of(train, validation), budget, lrs);
    }

    /**
     * The same search through {@link Fit#run(TransferModel, Strategy, TrainingData)}: with cached features, a
     * warm head's probe (and feature extraction) trains on them at every candidate instead of running the frozen
     * backbone every probe epoch.
     */
    public static Result run(TransferModel model, Strategy strategy, TrainingData data, Fit budget, float... lrs) {
        return sweep(model, strategy.name(), (fit, name) -> fit.name(name).run(model, strategy, data),
                data.validation(), budget, lrs);
    }

    /**
     * The same search for the head alone, trained on cached backbone features with
     * {@link Fit#fitHead} (feature extraction at the cost of a linear model). The model's weights are
     * put back afterwards.
     */
    public static Result runHead(TransferModel model, BatchSource trainFeatures, BatchSource validationFeatures,
            Fit budget, float... lrs) {
        return sweep(model, "head on cached features",
                (fit, name) -> fit.name(name).fitHead(model, trainFeatures, validationFeatures), validationFeatures,
                budget, lrs);
    }

    private static Result sweep(TransferModel model, String strategyName,
            java.util.function.BiFunction<Fit, String, History> train, BatchSource validation, Fit budget,
            float... lrs) {
        if (lrs.length == 0) {
            throw new IllegalArgumentException("LrSweep: give at least one learning rate");
        }
        if (validation == null || validation.size() == 0) {
            throw new IllegalArgumentException("LrSweep needs validation data to score the learning rates");
        }
        WeightSnapshot start = WeightSnapshot.of(model.namedParameters().values());
        DoubleColumn lrCol = DoubleColumn.create("lr");
        DoubleColumn accCol = DoubleColumn.create("val_acc");
        DoubleColumn lossCol = DoubleColumn.create("val_loss");
        IntColumn epochCol = IntColumn.create("best_epoch");
        DoubleColumn secCol = DoubleColumn.create("seconds");
        float bestLr = lrs[0];
        double bestAcc = Double.NEGATIVE_INFINITY;
        double bestLoss = Double.POSITIVE_INFINITY;
        try {
            for (float lr : lrs) {
                start.restore();
                History h = train.apply(budget.lr(lr).quiet().monitorAccuracy(), strategyName + " lr " + lr);
                double acc = h.bestValAcc();
                double loss = h.bestValLoss();
                lrCol.append(lr);
                accCol.append(acc);
                lossCol.append(loss);
                epochCol.append(h.bestEpoch());
                secCol.append(h.totalSeconds());
                System.out.printf(Locale.ROOT, "sweep %s  lr %.2e  val_acc %.3f  val_loss %.4f  %.1fs%n",
                        strategyName, lr, acc, loss, h.totalSeconds());
                boolean better = acc > bestAcc || (acc == bestAcc && loss < bestLoss);
                if (Double.isFinite(loss) && better) {
                    bestAcc = acc;
                    bestLoss = loss;
                    bestLr = lr;
                }
            }
        } finally {
            start.restore();
        }
        return new Result(strategyName, Table.create("lr sweep: " + strategyName, lrCol, accCol, lossCol,
                epochCol, secCol), bestLr);
    }
}
