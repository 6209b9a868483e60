package tlkit.models;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.util.PairList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The folded convolutions of one frozen {@link Stage}, handed down its forward pass in the parameter list
 * so that every {@link ReleasingSequentialBlock} inside (also inside a residual block's branches) can run
 * a Conv2d + BatchNorm pair as one convolution. The blocks and their parameters stay as they are.
 */
final class FoldedConvs implements AutoCloseable {

    static final String PARAM = "tlkit.foldedConvs";

    private final Map<Block, FoldedConv> byConv = new IdentityHashMap<>();
    private final NDManager manager;
    private final long generation;
    private long batchNormsSkipped;

    /** {@code manager} owns the folded arrays; null when there are none. */
    FoldedConvs(NDManager manager, long generation) {
        this.manager = manager;
        this.generation = generation;
    }

    static FoldedConvs in(PairList<String, Object> params) {
        return params == null ? null : (FoldedConvs) params.get(PARAM);
    }

    void add(FoldedConv fold) {
        byConv.put(fold.conv(), fold);
    }

    /** The fold that replaces {@code block} and {@code next}, or null if they are not a folded pair. */
    FoldedConv replacing(Block block, Block next) {
        FoldedConv fold = byConv.get(block);
        if (fold == null || fold.batchNorm() != next) {
            return null;
        }
        batchNormsSkipped++;
        return fold;
    }

    int size() {
        return byConv.size();
    }

    long batchNormsSkipped() {
        return batchNormsSkipped;
    }

    boolean isCurrent() {
        return generation == WeightGeneration.current();
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
