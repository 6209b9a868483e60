package tlkit.text.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/** Word ids to vectors: {@code NDList(ids [N,T] int64, mask [N,T])} to {@code NDList(vectors [N,T,E], mask)}. */
public final class TokenEmbedding extends AbstractBlock {

    private final int vocabSize;
    private final int dim;
    private final Parameter table;

    public TokenEmbedding(int vocabSize, int dim) {
        super((byte) 1);
        this.vocabSize = vocabSize;
        this.dim = dim;
        this.table = addParameter(Parameter.builder().setName("table").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabSize, dim)).optInitializer(new NormalInitializer(0.1f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray w = store.getValue(table, ids.getDevice(), training);
        NDArray vectors = ids.getNDArrayInternal().embedding(ids, w, SparseFormat.DENSE).singletonOrThrow();
        return new NDList(vectors, inputs.size() > 1 ? inputs.get(1) : ids.onesLike());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), dim), inputShapes.length > 1 ? inputShapes[1] : ids};
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, DataType.FLOAT32, inputShapes); // the inputs are int64 ids, the table is float
    }

    /** The table {@code [V,E]}; the language model's decoder reuses it (weight tying). */
    Parameter table() {
        return table;
    }

    public int dim() {
        return dim;
    }

    @Override
    public String toString() {
        return "TokenEmbedding(" + vocabSize + " x " + dim + ")";
    }
}
