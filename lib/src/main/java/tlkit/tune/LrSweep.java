package tlkit.tune;

import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tlkit.eval.History;

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
        return sweep(model.namedParameters().values(), strategy.name(), validation, budget, lrs,
                fit -> fit.run(model, strategy, train, validation));
    }

    /**
     * The same search for a head trained on cached backbone features ({@link Fit#fitHead}): cheap, so
     * a linear probe gets its own tuned lr too. The head's weights are put back afterwards.
     */
    public static Result runHead(TransferModel model, BatchSource trainFeatures, BatchSource validationFeatures,
            Fit budget, float... lrs) {
        List<Parameter> head = new ArrayList<>();
        model.head().block().getParameters().forEach(p -> head.add(p.getValue()));
        return sweep(head, "head on cached features", validationFeatures, budget, lrs,
                fit -> fit.fitHead(model, trainFeatures, validationFeatures));
    }

    private static Result sweep(Collection<Parameter> restored, String strategyName, BatchSource validation, Fit budget,
            float[] lrs, java.util.function.Function<Fit, History> trial) {
        if (lrs.length == 0) {
            throw new IllegalArgumentException("LrSweep: give at least one learning rate");
        }
        if (validation == null || validation.size() == 0) {
            throw new IllegalArgumentException("LrSweep needs validation data to score the learning rates");
        }
        WeightSnapshot start = WeightSnapshot.of(restored);
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
                History h = trial.apply(budget.copy().lr(lr).quiet().monitorAccuracy().name(strategyName + " lr " + lr));
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
