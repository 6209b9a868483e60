package tlkit.tune;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import tlkit.data.BatchSource;

/**
 * The mechanics shared by {@link Fit} and {@link LrSweep}: one optimisation step on
 * a batch, and evaluation. Parameters are grouped (backbone stages, then the head) so that every group
 * can have its own learning-rate multiplier.
 *
 * <p>Gradients only flow where parameters require them: a frozen stage's weights don't, and the
 * inputs don't, so autograd never goes below the lowest trainable stage.
 */
final class TrainingRun implements AutoCloseable {

    /** Mean loss and number of correct argmax predictions of one batch or one pass. */
    record Result(double loss, double accuracy, int count) {}

    private final Block block;
    private final List<List<Parameter>> groups;
    private final StageLearningRates lrs;
    private final Optimizer optimizer;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private final NDManager manager;
    private final ParameterStore store;

    TrainingRun(Block block, List<List<Parameter>> groups, float[] groupScales, StageLearningRates lrs,
            Fit.OptimizerKind kind, float momentum, float weightDecay) {
        this.block = block;
        this.groups = groups;
        this.lrs = lrs;
        for (int g = 0; g < groups.size(); g++) {
            for (Parameter p : groups.get(g)) {
                lrs.scale(p.getId(), groupScales[g]);
            }
        }
        this.optimizer = switch (kind) {
            case SGD -> ReleasingOptimizers.sgd(Optimizer.sgd().setLearningRateTracker(lrs).optMomentum(momentum)
                    .optWeightDecays(weightDecay));
            case ADAM -> ReleasingOptimizers.adam(Optimizer.adam().optLearningRateTracker(lrs)
                    .optWeightDecays(weightDecay));
        };
        this.manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        this.store = new ParameterStore(manager, false);
        zeroGradients();
    }

    private java.util.Map<Parameter, float[]> recordedGradients;

    /** From now on, keep a copy of every gradient the optimizer receives (for tests). */
    java.util.Map<Parameter, float[]> recordGradients() {
        recordedGradients = new java.util.IdentityHashMap<>();
        return recordedGradients;
    }

    Optimizer optimizer() {
        return optimizer;
    }

    StageLearningRates learningRates() {
        return lrs;
    }

    List<Parameter> trainable() {
        List<Parameter> out = new ArrayList<>();
        for (List<Parameter> g : groups) {
            for (Parameter p : g) {
                if (p.requiresGradient() && !TransferModel.isStatistic(p) && p.isInitialized()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /**
     * Forward in training mode, backward, one optimizer update of every trainable parameter (DJL's
     * optimizers zero the gradient after using it; {@link #recordGradients()} keeps a copy).
     */
    Result step(BatchSource source, int[] indices) {
        List<Parameter> trainable = trainable();
        for (Parameter p : trainable) {
            try (NDArray grad = p.getArray().getGradient()) {
                grad.subi(grad);
            }
        }
        try (NDManager batch = manager.newSubManager()) {
            NDList inputs = source.inputs(batch, indices);
            NDArray labels = batch.create(labelsOf(source, indices));
            double lossValue;
            NDArray logits;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                logits = block.forward(store, inputs, true).singletonOrThrow();
                NDArray l = loss.evaluate(new NDList(labels), new NDList(logits));
                lossValue = l.getFloat();
                if (!trainable.isEmpty()) {
                    collector.backward(l);
                }
            }
            for (Parameter p : trainable) {
                NDArray w = p.getArray();
                try (NDArray grad = w.getGradient()) {
                    if (recordedGradients != null) {
                        recordedGradients.put(p, grad.toFloatArray());
                    }
                    optimizer.update(p.getId(), w, grad);
                }
            }
            return new Result(lossValue, correct(logits, labels) / (double) indices.length, indices.length);
        }
    }

    /** Mean loss and accuracy over a whole source in inference mode. */
    Result evaluate(BatchSource source, int batchSize) {
        double lossSum = 0;
        long correct = 0;
        int n = source.size();
        for (int start = 0; start < n; start += batchSize) {
            int[] idx = range(start, Math.min(n, start + batchSize));
            try (NDManager batch = manager.newSubManager()) {
                NDList inputs = source.inputs(batch, idx);
                NDArray labels = batch.create(labelsOf(source, idx));
                NDArray logits = block.forward(store, inputs, false).singletonOrThrow();
                lossSum += loss.evaluate(new NDList(labels), new NDList(logits)).getFloat() * idx.length;
                correct += correct(logits, labels);
            }
        }
        return new Result(lossSum / n, correct / (double) n, n);
    }

    void zeroGradients() {
        for (List<Parameter> g : groups) {
            for (Parameter p : g) {
                if (p.isInitialized() && p.getArray().hasGradient()) {
                    try (NDArray grad = p.getArray().getGradient()) {
                        grad.subi(grad);
                    }
                }
            }
        }
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static int[] labelsOf(BatchSource source, int[] indices) {
        int[] all = source.labels();
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = all[indices[i]];
        }
        return out;
    }

    private static long correct(NDArray logits, NDArray labels) {
        return logits.argMax(1).toType(labels.getDataType(), false).eq(labels).sum().getLong();
    }

    @Override
    public void close() {
        ((ReleasingOptimizers.Releasing) optimizer).states().close();
        manager.close();
    }
}
