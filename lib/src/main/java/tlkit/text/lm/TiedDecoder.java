package tlkit.text.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * LSTM states to next-word scores through the word-vector table itself (weight tying, Press and Wolf 2017):
 * the state is projected to the word-vector size and compared with every word's vector. Fewer weights, and
 * on a CPU far less work than a separate {@code hidden x vocabulary} decoder.
 * {@code NDList(states [B,T,H])} to {@code NDList(scores [B,T,V])}.
 */
final class TiedDecoder extends AbstractBlock {

    private final TokenEmbedding embedding;
    private final Linear projection;
    private final Parameter bias;
    private final int vocabSize;

    TiedDecoder(TokenEmbedding embedding, int vocabSize) {
        super((byte) 1);
        this.embedding = embedding;
        this.vocabSize = vocabSize;
        this.projection = addChildBlock("projection", Linear.builder().setUnits(embedding.dim()).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(vocabSize)).optInitializer(new ConstantInitializer(0f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray states = inputs.get(0);
        NDArray projected = projection.forward(store, new NDList(states), training).singletonOrThrow();
        NDArray table = store.getValue(embedding.table(), states.getDevice(), training);
        NDArray b = store.getValue(bias, states.getDevice(), training);
        return new NDList(projected.matMul(table.transpose()).add(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), vocabSize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        projection.initialize(manager, DataType.FLOAT32, inputShapes[0]);
    }
}
