package tlkit.text.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Self-supervised pretraining: Adam on the next-word cross-entropy of unlabelled sentences, for a fixed
 * number of steps, with the held-out perplexity measured every few steps. Seeded: the same settings on
 * the same data give the same numbers on CPU.
 *
 * <pre>{@code
 * PretrainingLog log = Pretraining.adam(3e-3f).steps(600).batchSize(64).run(lm, train, heldOut);
 * }</pre>
 */
public final class Pretraining {

    private final float lr;
    private final int steps;
    private final int batchSize;
    private final int evaluateEvery;
    private final long seed;
    private final boolean verbose;

    private Pretraining(float lr, int steps, int batchSize, int evaluateEvery, long seed, boolean verbose) {
        if (!(lr > 0) || steps < 0 || batchSize < 1 || evaluateEvery < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "Pretraining needs lr > 0, steps >= 0, batchSize >= 1, evaluateEvery >= 1; got %g, %d, %d, %d",
                    lr, steps, batchSize, evaluateEvery));
        }
        this.lr = lr;
        this.steps = steps;
        this.batchSize = batchSize;
        this.evaluateEvery = evaluateEvery;
        this.seed = seed;
        this.verbose = verbose;
    }

    /** Adam at {@code lr}; 300 steps of 64 sentences, held-out perplexity every 50 steps, seed 42. */
    public static Pretraining adam(float lr) {
        return new Pretraining(lr, 300, 64, 50, 42, true);
    }

    public Pretraining steps(int n) {
        return new Pretraining(lr, n, batchSize, evaluateEvery, seed, verbose);
    }

    public Pretraining batchSize(int n) {
        return new Pretraining(lr, steps, n, evaluateEvery, seed, verbose);
    }

    public Pretraining evaluateEvery(int n) {
        return new Pretraining(lr, steps, batchSize, n, seed, verbose);
    }

    public Pretraining seed(long s) {
        return new Pretraining(lr, steps, batchSize, evaluateEvery, s, verbose);
    }

    public Pretraining quiet() {
        return new Pretraining(lr, steps, batchSize, evaluateEvery, seed, false);
    }

    /** Trains {@code lm} in place on {@code train}; measures {@code heldOut} at step 0, every few steps and at the end. */
    public PretrainingLog run(LanguageModel lm, SentenceBatches train, SentenceBatches heldOut) {
        Engine.getInstance().setRandomSeed((int) seed);
        Random random = new Random(seed);
        // clipping each gradient value keeps the first, large LSTM updates from blowing up
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).optClipGrad(1f).build();
        List<Parameter> params = lm.parameters();
        PretrainingLog log = new PretrainingLog();
        long t0 = System.nanoTime();
        log.checkpoint(0, 0, Double.NaN, lm.crossEntropy(heldOut), 0);
        printCheckpoint(log);
        Iterator<int[]> batches = train.epoch(batchSize, random).iterator();
        long words = 0;
        double lossSinceCheckpoint = 0;
        int stepsSinceCheckpoint = 0;
        try (NDManager scope = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            ParameterStore store = new ParameterStore(scope, false);
            for (int step = 1; step <= steps; step++) {
                if (!batches.hasNext()) {
                    batches = train.epoch(batchSize, random).iterator();
                }
                try (NDManager batchScope = scope.newSubManager()) {
                    NDList batch = train.batch(batchScope, batches.next());
                    words += (long) batch.get(1).sum().getFloat();
                    double loss;
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray l = lm.loss(store, batch, true);
                        loss = l.getFloat();
                        collector.backward(l);
                    }
                    for (Parameter p : params) {
                        NDArray w = p.getArray();
                        try (NDArray grad = w.getGradient()) {
                            adam.update(p.getId(), w, grad);
                        }
                    }
                    log.step(loss);
                    lossSinceCheckpoint += loss;
                    stepsSinceCheckpoint++;
                }
                if (verbose) {
                    progress(String.format(Locale.ROOT, "pretraining step %d/%d  loss %.3f  %.0f s", step, steps,
                            lossSinceCheckpoint / stepsSinceCheckpoint, (System.nanoTime() - t0) / 1e9));
                }
                if (step % evaluateEvery == 0 || step == steps) {
                    log.checkpoint(step, words, lossSinceCheckpoint / stepsSinceCheckpoint, lm.crossEntropy(heldOut),
                            (System.nanoTime() - t0) / 1e9);
                    printCheckpoint(log);
                    lossSinceCheckpoint = 0;
                    stepsSinceCheckpoint = 0;
                }
            }
        }
        return log;
    }

    private long lastPrint;

    private void progress(String line) {
        long now = System.nanoTime();
        if (now - lastPrint > 200_000_000L) {
            lastPrint = now;
            System.out.print("\r" + line);
            System.out.flush();
        }
    }

    private void printCheckpoint(PretrainingLog log) {
        if (!verbose) {
            return;
        }
        var t = log.table();
        int r = t.rowCount() - 1;
        System.out.printf(Locale.ROOT, "\rstep %5d  words seen %,10d  train loss %6.3f  held-out perplexity %8.1f  %5.1f s%n",
                t.intColumn(0).get(r), t.longColumn(1).get(r), t.doubleColumn(2).get(r), t.doubleColumn(4).get(r),
                t.doubleColumn(5).get(r));
        lastPrint = 0;
    }
}
