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
 */
public final class Stage extends AbstractBlock {

    private final String name;
    private final Block inner;
    private boolean frozen;
    private boolean batchNormInference;

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
        frozen = true;
    }

    /** Makes the weights trainable again; BatchNorm running statistics never take gradients. */
    public void unfreeze() {
        for (Parameter p : inner.getParameters().values()) {
            boolean statistic = p.getType() == Parameter.Type.RUNNING_MEAN
                    || p.getType() == Parameter.Type.RUNNING_VAR;
            p.freeze(statistic);
        }
        frozen = false;
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
        return inner.forward(store, inputs, training && !frozen && !batchNormInference, params);
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
