package tlkit.text.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The sentence-transformers pooling: the mean of the token vectors over the real (mask 1) tokens.
 * In: {@code NDList(hidden [N,T,H], attention_mask [N,T])}; out: {@code NDList(features [N,H])}.
 */
public final class MaskedMeanPooling extends AbstractBlock {

    public MaskedMeanPooling() {
        super((byte) 1);
    }

    /** The same pooling as a plain function (e.g. for a reference model's last hidden state). */
    public static NDArray pool(NDArray hidden, NDArray mask) {
        NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(-1);
        NDArray sum = hidden.mul(m).sum(new int[] {1});
        NDArray count = m.sum(new int[] {1}).clip(1e-9f, Float.MAX_VALUE);
        return sum.div(count);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(pool(inputs.get(0), inputs.get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape h = inputShapes[0];
        return new Shape[] {new Shape(h.get(0), h.get(2))};
    }
}
