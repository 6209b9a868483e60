package tlkit.text.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * BERT input embeddings: word + absolute position + token type, then LayerNorm and dropout.
 *
 * <p>In: {@code NDList(input_ids [N,T], attention_mask [N,T], token_type_ids [N,T])} (int64; the
 * token types may be left out, meaning all zero). Out: {@code NDList(hidden [N,T,H], attention_mask)},
 * so the following layers see the mask.
 */
// The three tables get their arrays from BertEncoder (Parameter.setArray), so they declare no shape here.
public final class BertEmbeddings extends AbstractBlock {

    private final BertConfig config;
    final Parameter words;
    final Parameter positions;
    final Parameter tokenTypes;
    final LayerNorm norm;
    private final Dropout dropout;

    public BertEmbeddings(BertConfig config) {
        super((byte) 1);
        this.config = config;
        words = addParameter(table("word_embeddings"));
        positions = addParameter(table("position_embeddings"));
        tokenTypes = addParameter(table("token_type_embeddings"));
        norm = addChildBlock("LayerNorm", LayerNorm.builder().axis(2).optEpsilon(config.layerNormEps()).build());
        dropout = addChildBlock("dropout", Dropout.builder().optRate(config.hiddenDropout()).build());
    }

    private static Parameter table(String name) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : ids.onesLike();
        NDArray types = inputs.size() > 2 ? inputs.get(2) : ids.zerosLike();
        long t = ids.getShape().get(1);
        if (t > config.maxPositions()) {
            throw new IllegalArgumentException("Sequence length " + t + " exceeds the model's " + config.maxPositions()
                    + " positions; tokenize with a smaller maxLen");
        }
        NDArray w = store.getValue(words, ids.getDevice(), training);
        NDArray p = store.getValue(positions, ids.getDevice(), training);
        NDArray tt = store.getValue(tokenTypes, ids.getDevice(), training);
        NDArray x = lookup(ids, w);
        NDArray positionIds = ids.getManager().arange(0, t, 1, DataType.INT64);
        x = x.add(lookup(positionIds, p).expandDims(0)).add(lookup(types, tt));
        x = norm.forward(store, new NDList(x), training).singletonOrThrow();
        x = dropout.forward(store, new NDList(x), training).singletonOrThrow();
        return new NDList(x, mask);
    }

    private static NDArray lookup(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        Shape mask = inputShapes.length > 1 ? inputShapes[1] : ids;
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config.hiddenSize()), mask};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        Shape hidden = new Shape(ids.get(0), ids.get(1), config.hiddenSize());
        norm.initialize(manager, dataType, hidden);
        dropout.initialize(manager, dataType, hidden);
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        // the id inputs are int64 but the weights are float
        super.initialize(manager, DataType.FLOAT32, inputShapes);
    }
}
