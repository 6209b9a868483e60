package tlkit.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One named, freezable piece of a pretrained network ("stem", "stage2", "layer3", ...).
 *
 * <p>A frozen stage does two things DJL's {@code freezeParameters} alone does not: it forwards its
 * inner block with {@code training=false}, so BatchNorm uses (and keeps) its running statistics, and
 * on unfreezing it leaves BatchNorm running mean/variance out of gradient tracking (DJL would mark
 * them as requiring gradients and the next forward pass would fail).
 *
 * <p>A frozen stage is a fixed function, so it folds each BatchNorm into the convolution before it and
 * runs one convolution instead of two ops (see {@link #batchNormFolding}). The block tree, the parameters
 * and their names do not change; the folded copies live in their own manager until the stage is unfrozen.
 * Whoever overwrites weights in place must call {@link WeightGeneration#advance()} (the kit's loaders,
 * snapshot restores and re-initialisation do), or the stage would keep computing with the old weights.
 */
public final class Stage extends AbstractBlock {

    private final String name;
    private final Block inner;
    private boolean frozen;
    private boolean batchNormInference;
    private boolean batchNormFolding = !"off".equalsIgnoreCase(System.getProperty("tlkit.fold", "on"));
    /** Built at the first forward pass after freezing, dropped on unfreezing (the weights stay untouched). */
    private FoldedConvs folds;
    private long batchNormsSkippedBefore;

    public Stage(String name, Block inner) {
        super((byte) 1);
        this.name = name;
        this.inner = addChildBlock(name, inner);
    }

    public String name() {
        return name;
    }

    public Block inner() {
        return inner;
    }

    public boolean isFrozen() {
        return frozen;
    }

    /** Stops gradient updates and BatchNorm statistic updates for this stage. */
    public void freeze() {
        inner.freezeParameters(true);
        frozen = true; // folds exist only while frozen (unfreeze drops them), so a re-freeze keeps a valid one
    }

    /**
     * Freezes this stage until the returned handle closes, then gives every parameter back the
     * trainability it had; a stage that was already frozen stays frozen.
     */
    public Thaw freezeTemporarily() {
        if (frozen) {
            return () -> { };
        }
        java.util.Map<Parameter, Boolean> trainable = new java.util.IdentityHashMap<>();
        inner.getParameters().values().forEach(p -> trainable.put(p, p.requiresGradient()));
        freeze();
        return () -> {
            trainable.forEach((p, on) -> p.freeze(!on));
            frozen = false;
            dropFolds();
        };
    }

    /** Ends a {@link #freezeTemporarily()}. */
    public interface Thaw extends AutoCloseable {
        @Override
        void close();
    }

    /** Makes the weights trainable again; BatchNorm running statistics never take gradients. */
    public void unfreeze() {
        for (Parameter p : inner.getParameters().values()) {
            boolean statistic = p.getType() == Parameter.Type.RUNNING_MEAN
                    || p.getType() == Parameter.Type.RUNNING_VAR;
            p.freeze(statistic);
        }
        frozen = false;
        dropFolds();
    }

    /**
     * Runs this stage in inference mode even while it trains: its BatchNorm layers normalise with (and keep)
     * their running statistics; gradients still reach every weight. Keras calls this {@code training=False}.
     */
    public void batchNormInference(boolean on) {
        batchNormInference = on;
    }

    public boolean isBatchNormInference() {
        return batchNormInference;
    }

    /**
     * Whether a frozen stage runs each Conv2d + BatchNorm pair as one folded convolution (on by default;
     * {@code -Dtlkit.fold=off} turns it off for every stage, e.g. to measure what it buys).
     */
    public void batchNormFolding(boolean on) {
        batchNormFolding = on;
        if (!on) {
            dropFolds();
        }
    }

    public boolean isBatchNormFolding() {
        return batchNormFolding;
    }

    /** Conv2d + BatchNorm pairs folded for the current frozen period (0 before its first forward pass). */
    public int foldedPairs() {
        return folds == null ? 0 : folds.size();
    }

    /** BatchNorm evaluations this stage has skipped by running folded convolutions, over its lifetime. */
    public long batchNormsSkipped() {
        return batchNormsSkippedBefore + (folds == null ? 0 : folds.batchNormsSkipped());
    }

    /** Number of scalar weights in this stage (BatchNorm statistics excluded). */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : inner.getParameters().values()) {
            if (p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR
                    && p.isInitialized()) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (!frozen || !batchNormFolding) {
            return inner.forward(store, inputs, training && !frozen && !batchNormInference, params);
        }
        FoldedConvs current = currentFolds();
        if (current.size() == 0) {
            return inner.forward(store, inputs, false, params);
        }
        PairList<String, Object> withFolds = new PairList<>();
        if (params != null) {
            params.forEach(p -> {
                if (!p.getKey().equals(FoldedConvs.PARAM)) {
                    withFolds.add(p);
                }
            });
        }
        withFolds.add(FoldedConvs.PARAM, current);
        return inner.forward(store, inputs, false, withFolds);
    }

    private FoldedConvs currentFolds() {
        if (folds != null && !folds.isCurrent()) {
            dropFolds();
        }
        if (folds == null) {
            folds = BatchNormFolding.of(inner);
        }
        return folds;
    }

    private void dropFolds() {
        if (folds != null) {
            batchNormsSkippedBefore += folds.batchNormsSkipped();
            folds.close();
            folds = null;
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inner.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        inner.initialize(manager, dataType, inputShapes);
    }

    @Override
    public String toString() {
        return "Stage(" + name + (frozen ? ", frozen" : "") + ")";
    }
}
