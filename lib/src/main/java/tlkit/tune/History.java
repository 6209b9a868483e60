package tlkit.tune;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * What happened in one training run, epoch by epoch: a Tablesaw table with columns
 * {@code epoch, train_loss, train_acc, val_loss, val_acc, seconds, trainable_params, lr}, plus the
 * epoch whose weights were kept.
 */
public final class History {

    private final String name;
    private final Table table;
    private int bestEpoch = -1;
    private boolean stoppedEarly;

    public History(String name) {
        this.name = name;
        this.table = Table.create(name,
                IntColumn.create("epoch"), DoubleColumn.create("train_loss"), DoubleColumn.create("train_acc"),
                DoubleColumn.create("val_loss"), DoubleColumn.create("val_acc"), DoubleColumn.create("seconds"),
                LongColumn.create("trainable_params"), DoubleColumn.create("lr"));
    }

    /** Appends one epoch (val values may be NaN when there is no validation data). */
    public void add(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc, double seconds,
            long trainableParams, double lr) {
        table.intColumn("epoch").append(epoch);
        table.doubleColumn("train_loss").append(trainLoss);
        table.doubleColumn("train_acc").append(trainAcc);
        table.doubleColumn("val_loss").append(valLoss);
        table.doubleColumn("val_acc").append(valAcc);
        table.doubleColumn("seconds").append(seconds);
        table.longColumn("trainable_params").append(trainableParams);
        table.doubleColumn("lr").append(lr);
    }

    /**
     * Two runs of one model back to back (e.g. the head alone, then fine-tuning) as one history: the second
     * run's epochs are numbered on from the first's, and the kept epoch is the second run's.
     */
    public static History concat(String name, History first, History second) {
        History h = new History(name);
        for (History part : java.util.List.of(first, second)) {
            Table t = part.table;
            int offset = part == first ? 0 : first.epochs();
            for (int r = 0; r < t.rowCount(); r++) {
                // getDouble, not get: a run without validation stores NaN, which get() returns as null
                h.add(offset + t.intColumn("epoch").getInt(r), t.doubleColumn("train_loss").getDouble(r),
                        t.doubleColumn("train_acc").getDouble(r), t.doubleColumn("val_loss").getDouble(r),
                        t.doubleColumn("val_acc").getDouble(r), t.doubleColumn("seconds").getDouble(r),
                        t.longColumn("trainable_params").getLong(r), t.doubleColumn("lr").getDouble(r));
            }
        }
        h.finish(first.epochs() + second.bestEpoch(), second.stoppedEarly());
        return h;
    }

    public void finish(int bestEpoch, boolean stoppedEarly) {
        this.bestEpoch = bestEpoch;
        this.stoppedEarly = stoppedEarly;
    }

    /** The run's name (a chart legend entry). */
    public String name() {
        return name;
    }

    public Table table() {
        return table;
    }

    public int epochs() {
        return table.rowCount();
    }

    /** The epoch (1-based) whose weights the model holds after training. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** Validation accuracy of the kept (best) epoch. */
    public double bestValAcc() {
        return valueAtBest("val_acc");
    }

    public double bestValLoss() {
        return valueAtBest("val_loss");
    }

    public double totalSeconds() {
        return table.doubleColumn("seconds").sum();
    }

    public double[] column(String name) {
        return table.numberColumn(name).asDoubleArray();
    }

    private double valueAtBest(String column) {
        if (bestEpoch < 1) {
            return Double.NaN;
        }
        return table.doubleColumn(column).get(bestEpoch - 1);
    }

    @Override
    public String toString() {
        return table.print();
    }
}
