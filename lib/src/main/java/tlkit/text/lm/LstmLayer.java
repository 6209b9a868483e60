package tlkit.text.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A left-to-right LSTM over word vectors, with dropout on its outputs while training:
 * {@code NDList(vectors [N,T,E], mask)} to {@code NDList(states [N,T,H], mask)}. Padding sits at the end
 * of each row, so the states of the real words never see it.
 */
public final class LstmLayer extends AbstractBlock {

    private final int inputDim;
    private final int hiddenDim;
    private final LSTM lstm;
    private final Dropout dropout;

    public LstmLayer(int inputDim, int hiddenDim, float dropoutRate) {
        super((byte) 1);
        this.inputDim = inputDim;
        this.hiddenDim = hiddenDim;
        this.lstm = addChildBlock("lstm", LSTM.builder().setStateSize(hiddenDim).setNumLayers(1)
                .optBatchFirst(true).optReturnState(false).build());
        this.dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray states = lstm.forward(store, new NDList(inputs.get(0)), training).get(0);
        states = dropout.forward(store, new NDList(states), training).singletonOrThrow();
        return new NDList(states, inputs.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), x.get(1), hiddenDim), inputShapes[1]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        lstm.initialize(manager, DataType.FLOAT32, x);
        dropout.initialize(manager, DataType.FLOAT32, new Shape(x.get(0), x.get(1), hiddenDim));
    }

    public int hiddenDim() {
        return hiddenDim;
    }

    @Override
    public String toString() {
        return "LstmLayer(" + inputDim + " -> " + hiddenDim + ")";
    }
}
