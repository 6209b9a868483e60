package tlkit.tune;

import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import tlkit.models.Stage;
import tlkit.data.BatchSource;
import tlkit.data.progress.Progress;

/**
 * Training settings plus the loop that uses them: softmax cross-entropy, SGD with momentum 0.9 (or
 * Adam), optional weight decay and cosine schedule, early stopping, and the best epoch's weights
 * restored at the end. Seeded: the same settings on the same data give the same numbers on CPU.
 *
 * <pre>{@code
 * History h = Fit.sgd(0.01f).epochs(10).batchSize(32).patience(3)
 *         .run(model, Strategy.partial(2), train, val);
 * }</pre>
 *
 * Prints one line per epoch (updated in place while the epoch runs).
 */
public final class Fit {

    public enum OptimizerKind { SGD, ADAM }

    private int epochs = 5;
    private int batchSize = 32;
    private float lr = 0.01f;
    private OptimizerKind optimizer = OptimizerKind.SGD;
    private float momentum = 0.9f;
    private float weightDecay = 0f;
    private boolean cosine = false;
    private int patience = 0;
    private boolean monitorAccuracy = false;
    private boolean restoreBest = true;
    private long seed = 42;
    private boolean verbose = true;
    private String name;

    /** SGD, momentum 0.9, lr 0.01, 5 epochs, batch 32, constant lr, no early stopping, seed 42. */
    public Fit() {
    }

    public static Fit sgd(float lr) {
        return new Fit().lr(lr);
    }

    public static Fit adam(float lr) {
        return new Fit().lr(lr).with(f -> f.optimizer = OptimizerKind.ADAM);
    }

    /**
     * A new Fit with one change: every setting method returns a changed copy and leaves this one as it is,
     * so a shared recipe ({@code Fit recipe = Fit.adam(1e-3f)}) can be varied freely
     * ({@code recipe.lr(1e-4f).epochs(3)}). The fields are assigned only here, on the fresh copy.
     */
    private Fit with(java.util.function.Consumer<Fit> change) {
        Fit f = new Fit();
        f.epochs = epochs;
        f.batchSize = batchSize;
        f.lr = lr;
        f.optimizer = optimizer;
        f.momentum = momentum;
        f.weightDecay = weightDecay;
        f.cosine = cosine;
        f.patience = patience;
        f.monitorAccuracy = monitorAccuracy;
        f.restoreBest = restoreBest;
        f.seed = seed;
        f.verbose = verbose;
        f.name = name;
        change.accept(f);
        return f;
    }

    public Fit epochs(int epochs) {
        return with(f -> f.epochs = positive(epochs, "epochs"));
    }

    public Fit batchSize(int batchSize) {
        return with(f -> f.batchSize = positive(batchSize, "batchSize"));
    }

    /** Base learning rate (the head's; see {@link Strategy#discriminative(float)} for the stages). */
    public Fit lr(float lr) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("lr must be > 0, got " + lr);
        }
        return with(f -> f.lr = lr);
    }

    /** SGD momentum (0 = plain SGD); ignored by Adam. */
    public Fit momentum(float momentum) {
        return with(f -> f.momentum = momentum);
    }

    /** L2 weight decay added to the gradient of every trained weight. */
    public Fit weightDecay(float weightDecay) {
        return with(f -> f.weightDecay = weightDecay);
    }

    /** Cosine-anneal the learning rate from lr to 0 over the planned epochs. */
    public Fit cosine() {
        return with(f -> f.cosine = true);
    }

    public Fit constantLr() {
        return with(f -> f.cosine = false);
    }

    /** Stop after {@code patience} epochs without validation improvement (0 = never stop early). */
    public Fit patience(int patience) {
        return with(f -> f.patience = patience);
    }

    /** Judge "best epoch" by validation accuracy instead of validation loss (the default). */
    public Fit monitorAccuracy() {
        return with(f -> f.monitorAccuracy = true);
    }

    /**
     * Keep the weights of the last epoch instead of restoring the best validation epoch. Use it when the
     * validation data is the data you report on: picking the epoch on it would be tuning on the test set.
     * The validation numbers are still recorded every epoch (for learning curves).
     */
    public Fit keepLastEpoch() {
        return with(f -> f.restoreBest = false);
    }

    public Fit seed(long seed) {
        return with(f -> f.seed = seed);
    }

    /** No progress output. */
    public Fit quiet() {
        return with(f -> f.verbose = false);
    }

    /** Name of the run in the history (default: the strategy's name). */
    public Fit name(String name) {
        return with(f -> f.name = name);
    }

    public float lr() {
        return lr;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public long seed() {
        return seed;
    }

    /**
     * Trains {@code model} with {@code strategy} on {@code train}, validating on {@code validation}
     * (may be null) after every epoch. Returns the per-epoch history; the model keeps the best epoch's
     * weights (or the last epoch's, see {@link #keepLastEpoch()}).
     */
    public History run(TransferModel model, Strategy strategy, BatchSource train, BatchSource validation) {
        return run(model, strategy, TrainingData.of(train, validation));
    }

    /**
     * One call for every strategy. Feature extraction trains the head on {@code data}'s cached features when it
     * has them (the same result as through the frozen backbone, much faster); a strategy with a warm head
     * ({@link Strategy#withWarmHead}) first trains the head alone (on the features if present), then fine-tunes;
     * its history holds the probe's epochs first, then the fine-tuning's.
     */
    public History run(TransferModel model, Strategy strategy, TrainingData data) {
        String runName = name != null ? name : strategy.name();
        if (strategy.trainsHeadOnly() && data.hasFeatures()) {
            return name(runName).fitHead(model, data.trainFeatures(), data.validationFeatures());
        }
        if (strategy.headEpochs() == 0) {
            return fineTune(model, strategy, data.train(), data.validation(), runName);
        }
        Fit probe = lr(strategy.headLr()).epochs(strategy.headEpochs()).constantLr().patience(0)
                .name(runName + " (head first)");
        History head = data.hasFeatures()
                ? probe.fitHead(model, data.trainFeatures(), data.validationFeatures())
                : probe.fineTune(model, Strategy.featureExtraction(), data.train(), data.validation(), runName + " (head first)");
        History tuned = fineTune(model, strategy, data.train(), data.validation(), runName);
        return History.concat(runName, head, tuned);
    }

    private History fineTune(TransferModel model, Strategy strategy, BatchSource train, BatchSource validation,
            String runName) {
        ParameterGroups p = prepare(model, strategy);
        int numStages = model.stages().size();
        Loop loop = new Loop(runName, model.block(), p.groups(), p.scales(),
                strategy.baseLr(lr), epoch -> strategy.onEpochStart(model, epoch),
                g -> g == numStages || !model.stages().get(g).isFrozen());
        return loop.run(train, validation);
    }

    /** One parameter group per stage, then the head, each with the strategy's learning-rate scale. */
    private record ParameterGroups(List<List<Parameter>> groups, float[] scales) {}

    /** Seeds, applies the strategy's freezing, and groups the parameters: shared by {@link #run} and {@link #newRun}. */
    private ParameterGroups prepare(TransferModel model, Strategy strategy) {
        Engine.getInstance().setRandomSeed((int) seed);
        strategy.prepare(model);
        int numStages = model.stages().size();
        List<List<Parameter>> groups = new ArrayList<>();
        float[] scales = new float[numStages + 1];
        for (int i = 0; i <= numStages; i++) {
            groups.add(model.groupParameters(i));
            scales[i] = strategy.lrScale(i, numStages);
        }
        return new ParameterGroups(groups, scales);
    }

    /** A training run with a fresh optimizer whose steps the caller drives (tests look inside one step). */
    TrainingRun newRun(TransferModel model, Strategy strategy, int totalSteps) {
        ParameterGroups p = prepare(model, strategy);
        return new TrainingRun(model.block(), p.groups(), p.scales(),
                new StageLearningRates(strategy.baseLr(lr), false, totalSteps), optimizer, momentum, weightDecay);
    }

    /**
     * Trains only the head of {@code model} on precomputed backbone features (see {@link FeatureCache}):
     * the same result as {@code run(model, Strategy.featureExtraction(), ...)} on the raw data, much
     * faster. Afterwards the model (backbone + trained head) works on raw inputs.
     */
    public History fitHead(TransferModel model, BatchSource trainFeatures, BatchSource validationFeatures) {
        Engine.getInstance().setRandomSeed((int) seed);
        model.freeze();
        List<List<Parameter>> groups = List.of(model.groupParameters(model.stages().size()));
        Loop loop = new Loop(name != null ? name : "head on cached features", model.head().block(), groups,
                new float[] {1f}, lr, epoch -> { }, g -> true);
        return loop.run(trainFeatures, validationFeatures);
    }

    private static int positive(int v, String what) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + v);
        }
        return v;
    }

    /** One run of the epoch loop. */
    private final class Loop {
        private final String runName;
        private final Block block;
        private final List<List<Parameter>> groups;
        private final float[] scales;
        private final float baseLr;
        private final java.util.function.IntConsumer onEpochStart;
        private final java.util.function.IntPredicate groupMayChange;

        Loop(String runName, Block block, List<List<Parameter>> groups, float[] scales, float baseLr,
                java.util.function.IntConsumer onEpochStart, java.util.function.IntPredicate groupMayChange) {
            this.runName = runName;
            this.block = block;
            this.groups = groups;
            this.scales = scales;
            this.baseLr = baseLr;
            this.onEpochStart = onEpochStart;
            this.groupMayChange = groupMayChange;
        }

        History run(BatchSource train, BatchSource validation) {
            if (train.size() == 0) {
                throw new IllegalArgumentException("Fit: the training source is empty");
            }
            int batchesPerEpoch = (train.size() + batchSize - 1) / batchSize;
            if (train.size() % batchSize == 1 && batchesPerEpoch > 1) {
                batchesPerEpoch--; // a batch of one breaks BatchNorm in training mode: drop it
            }
            StageLearningRates lrs = new StageLearningRates(baseLr, cosine, epochs * batchesPerEpoch);
            History history = new History(runName);
            Progress progress = new Progress(verbose);
            Random shuffle = new Random(seed);
            WeightSnapshot best = new WeightSnapshot();
            double bestScore = Double.NEGATIVE_INFINITY;
            int bestEpoch = -1;
            int sinceBest = 0;
            boolean stoppedEarly = false;
            int globalStep = 0;
            try (TrainingRun run = new TrainingRun(block, groups, scales, lrs, optimizer, momentum, weightDecay)) {
                for (int epoch = 0; epoch < epochs; epoch++) {
                    onEpochStart.accept(epoch);
                    if (restoreBest && bestEpoch > 0) {
                        best.saveMissing(changingParameters());
                    }
                    long t0 = System.nanoTime();
                    int[] order = permutation(train.size(), shuffle);
                    double lossSum = 0;
                    double accSum = 0;
                    int seen = 0;
                    for (int b = 0; b < batchesPerEpoch; b++) {
                        int[] idx = java.util.Arrays.copyOfRange(order, b * batchSize,
                                Math.min(train.size(), (b + 1) * batchSize));
                        lrs.setStep(globalStep++);
                        TrainingRun.Result r = run.step(train, idx);
                        lossSum += r.loss() * r.count();
                        accSum += r.accuracy() * r.count();
                        seen += r.count();
                        progress.update(line(epoch, b + 1, batchesPerEpoch, lossSum / seen, accSum / seen, t0));
                    }
                    double trainLoss = lossSum / seen;
                    double trainAcc = accSum / seen;
                    double valLoss = Double.NaN;
                    double valAcc = Double.NaN;
                    String mark = "";
                    if (validation != null && validation.size() > 0) {
                        TrainingRun.Result v = run.evaluate(validation, batchSize);
                        valLoss = v.loss();
                        valAcc = v.accuracy();
                        double score = monitorAccuracy ? valAcc : -valLoss;
                        if (score > bestScore) {
                            bestScore = score;
                            bestEpoch = epoch + 1;
                            sinceBest = 0;
                            if (restoreBest) {
                                best.clear();
                                best.save(changingParameters());
                                mark = "  *";
                            }
                        } else {
                            sinceBest++;
                        }
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    history.add(epoch + 1, trainLoss, trainAcc, valLoss, valAcc, seconds, trainableCount(),
                            lrs.current());
                    progress.done(line(epoch, batchesPerEpoch, batchesPerEpoch, trainLoss, trainAcc, t0)
                            + (Double.isNaN(valLoss) ? "" : String.format(Locale.ROOT,
                                    "  val_loss %.4f  val_acc %.3f", valLoss, valAcc)) + mark);
                    if (patience > 0 && sinceBest >= patience && epoch + 1 < epochs) {
                        stoppedEarly = true;
                        if (verbose) {
                            System.out.println("early stop: no improvement for " + patience
                                    + " epochs; best epoch " + bestEpoch);
                        }
                        break;
                    }
                }
            }
            if (restoreBest && bestEpoch > 0) {
                best.restore();
            } else {
                bestEpoch = history.epochs();
            }
            history.finish(bestEpoch, stoppedEarly);
            return history;
        }

        private List<Parameter> changingParameters() {
            List<Parameter> out = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                if (groupMayChange.test(g)) {
                    out.addAll(groups.get(g));
                }
            }
            return out;
        }

        private long trainableCount() {
            long n = 0;
            for (List<Parameter> g : groups) {
                for (Parameter p : g) {
                    if (p.requiresGradient() && !TransferModel.isStatistic(p)) {
                        n += p.getArray().size();
                    }
                }
            }
            return n;
        }

        private String line(int epoch, int batch, int batches, double loss, double acc, long t0) {
            return String.format(Locale.ROOT, "%s epoch %d/%d  batch %d/%d  loss %.4f  acc %.3f  %.1fs",
                    runName, epoch + 1, epochs, batch, batches, loss, acc, (System.nanoTime() - t0) / 1e9);
        }
    }

    static int[] permutation(int n, Random random) {
        int[] p = TrainingRun.range(0, n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

}
