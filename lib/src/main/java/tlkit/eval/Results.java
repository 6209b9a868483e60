package tlkit.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import tlkit.tune.History;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The runs of an experiment, one row each: which strategy, how many labelled examples per class, which seed,
 * the learning rate, the held-out accuracy, the seconds and trainable weights it cost, and its history. A lab
 * adds runs and asks for what it wants to show: one number, a mean with its spread over seeds, a table per
 * size. Runs are looked up by (strategy, examples per class, seed); the same triple is trained once.
 */
public final class Results implements Iterable<Results.Run> {

    /**
     * One training run. {@code perClass} is the number of labelled training examples per class; {@code history}
     * may be null when the run kept no epoch-by-epoch record.
     */
    public record Run(String strategy, int perClass, long seed, double lr, double accuracy, double seconds,
                      long trainable, History history) {

        /** Training accuracy of the epoch the model kept (NaN without a history): did the run fit its data? */
        public double trainAccuracy() {
            if (history == null || history.epochs() == 0) {
                return Double.NaN;
            }
            int epoch = history.bestEpoch() >= 1 ? history.bestEpoch() : history.epochs();
            return history.column("train_acc")[epoch - 1];
        }
    }

    /** Accuracy over the seeds run at one size: mean, sample standard deviation (NaN for one seed), range. */
    public record Spread(double mean, double sd, double min, double max, int seeds) {
        static Spread of(double[] values) {
            double mean = Arrays.stream(values).average().orElse(Double.NaN);
            double sd = values.length < 2 ? Double.NaN
                    : Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1));
            return new Spread(mean, sd, Arrays.stream(values).min().orElse(Double.NaN),
                    Arrays.stream(values).max().orElse(Double.NaN), values.length);
        }
    }

    private final String title;
    private final List<Run> runs = new ArrayList<>();
    private int allPerClass = -1;

    public Results(String title) {
        this.title = title;
    }

    /** Marks {@code perClass} as "all the training data": tables and plots label that size "all". */
    public Results allAt(int perClass) {
        this.allPerClass = perClass;
        return this;
    }

    public String title() {
        return title;
    }

    /** Adds a run; a second run of the same strategy, size and seed is an error (it would be counted twice). */
    public Run add(Run run) {
        if (find(run.strategy(), run.perClass(), run.seed()).isPresent()) {
            throw new IllegalArgumentException("Results '" + title + "' already has " + run.strategy() + ", "
                    + sizeLabel(run.perClass()) + ", seed " + run.seed() + "; give the new run another name or seed");
        }
        runs.add(run);
        return run;
    }

    /** The run of this strategy, size and seed: recorded earlier, or trained now by {@code training}. */
    public Run runOnce(String strategy, int perClass, long seed, Supplier<Run> training) {
        return find(strategy, perClass, seed).orElseGet(() -> add(training.get()));
    }

    public Optional<Run> find(String strategy, int perClass, long seed) {
        return runs.stream().filter(r -> r.strategy().equals(strategy) && r.perClass() == perClass && r.seed() == seed)
                .findFirst();
    }

    /** The run of this strategy, size and seed; an error naming what is there when it was never run. */
    public Run get(String strategy, int perClass, long seed) {
        return find(strategy, perClass, seed).orElseThrow(() -> new IllegalArgumentException("Results '" + title
                + "' has no run of " + strategy + ", " + sizeLabel(perClass) + ", seed " + seed + "; it has "
                + strategies() + " at sizes " + Arrays.toString(sizes())));
    }

    /** The runs of one strategy at one size, one per seed. */
    public List<Run> runs(String strategy, int perClass) {
        return runs.stream().filter(r -> r.strategy().equals(strategy) && r.perClass() == perClass).toList();
    }

    /** Accuracy of one strategy at one size, over its seeds; an error when it was never run. */
    public Spread spread(String strategy, int perClass) {
        List<Run> selected = runs(strategy, perClass);
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("Results '" + title + "' has no run of " + strategy + " at "
                    + sizeLabel(perClass) + "; strategies " + strategies() + ", sizes " + Arrays.toString(sizes()));
        }
        return Spread.of(selected.stream().mapToDouble(Run::accuracy).toArray());
    }

    public double mean(String strategy, int perClass) {
        return spread(strategy, perClass).mean();
    }

    /** Strategies in the order they were first run. */
    public List<String> strategies() {
        return List.copyOf(runs.stream().map(Run::strategy).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    }

    /** The sizes run (examples per class), ascending. */
    public int[] sizes() {
        return runs.stream().mapToInt(Run::perClass).distinct().sorted().toArray();
    }

    public int size() {
        return runs.size();
    }

    /** "all" for the size marked with {@link #allAt}, else "N/class". */
    public String sizeLabel(int perClass) {
        return perClass == allPerClass ? "all" : perClass + "/class";
    }

    /** Every run, one row each, numbers rounded. */
    public Table table() {
        Table t = Table.create(title, StringColumn.create("strategy"), StringColumn.create("examples"),
                LongColumn.create("seed"), DoubleColumn.create("lr"), DoubleColumn.create("accuracy"),
                DoubleColumn.create("train acc"), DoubleColumn.create("seconds"), LongColumn.create("trainable"));
        for (Run r : runs) {
            t.stringColumn(0).append(r.strategy());
            t.stringColumn(1).append(sizeLabel(r.perClass()));
            t.longColumn(2).append(r.seed());
            t.doubleColumn(3).append(r.lr());
            t.doubleColumn(4).append(r.accuracy());
            t.doubleColumn(5).append(r.trainAccuracy());
            t.doubleColumn(6).append(r.seconds());
            t.longColumn(7).append(r.trainable());
        }
        return Tables.rounded(t);
    }

    /** One row per strategy and size: mean accuracy over seeds with its spread, and the mean training accuracy. */
    public Table bySize() {
        Table t = Table.create(title + " (over seeds)", StringColumn.create("strategy"), StringColumn.create("examples"),
                DoubleColumn.create("mean acc"), DoubleColumn.create("sd"), DoubleColumn.create("min"),
                DoubleColumn.create("max"), IntColumn.create("seeds"), DoubleColumn.create("train acc"));
        for (String strategy : strategies()) {
            for (int size : sizes()) {
                List<Run> selected = runs(strategy, size);
                if (selected.isEmpty()) {
                    continue;
                }
                Spread s = spread(strategy, size);
                t.stringColumn(0).append(strategy);
                t.stringColumn(1).append(sizeLabel(size));
                t.doubleColumn(2).append(s.mean());
                t.doubleColumn(3).append(s.sd());
                t.doubleColumn(4).append(s.min());
                t.doubleColumn(5).append(s.max());
                t.intColumn(6).append(s.seeds());
                t.doubleColumn(7).append(selected.stream().mapToDouble(Run::trainAccuracy).average().orElse(Double.NaN));
            }
        }
        return Tables.rounded(t);
    }

    @Override
    public Iterator<Run> iterator() {
        return List.copyOf(runs).iterator();
    }

    @Override
    public String toString() {
        return table().print();
    }
}
