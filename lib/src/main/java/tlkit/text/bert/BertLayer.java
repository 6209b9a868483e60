package tlkit.text.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One post-LayerNorm BERT transformer layer: masked multi-head self-attention, residual, LayerNorm,
 * then a GELU feed-forward, residual, LayerNorm.
 *
 * <p>In and out: {@code NDList(hidden [N,T,H], attention_mask [N,T])}; padded keys (mask 0) get a
 * large negative score before the softmax, so padding never influences real tokens.
 */
public final class BertLayer extends AbstractBlock {

    /** Added to the scores of padded keys; exp() of it underflows to exactly 0. */
    private static final float MASKED_SCORE = -1e9f;

    private final BertConfig config;
    final Linear query;
    final Linear key;
    final Linear value;
    final Linear attentionOutput;
    final LayerNorm attentionNorm;
    final Linear intermediate;
    final Linear output;
    final LayerNorm outputNorm;
    private final Dropout attentionDropout;
    private final Dropout hiddenDropout;

    public BertLayer(BertConfig config) {
        super((byte) 1);
        this.config = config;
        int h = config.hiddenSize();
        query = addChildBlock("query", linear(h));
        key = addChildBlock("key", linear(h));
        value = addChildBlock("value", linear(h));
        attentionOutput = addChildBlock("attention_output", linear(h));
        attentionNorm = addChildBlock("attention_LayerNorm", layerNorm(config));
        intermediate = addChildBlock("intermediate", linear(config.intermediateSize()));
        output = addChildBlock("output", linear(h));
        outputNorm = addChildBlock("output_LayerNorm", layerNorm(config));
        attentionDropout = addChildBlock("attention_dropout", Dropout.builder().optRate(config.attentionDropout()).build());
        hiddenDropout = addChildBlock("hidden_dropout", Dropout.builder().optRate(config.hiddenDropout()).build());
    }

    private static Linear linear(int units) {
        return Linear.builder().setUnits(units).optBias(true).build();
    }

    private static LayerNorm layerNorm(BertConfig config) {
        return LayerNorm.builder().axis(2).optEpsilon(config.layerNormEps()).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        long n = x.getShape().get(0);
        long t = x.getShape().get(1);
        int heads = config.numHeads();
        int d = config.headSize();

        // scaling q by 1/sqrt(d) before the product is cheaper than scaling the [N,heads,T,T] scores
        NDArray q = heads(apply(query, store, x, training).mul((float) (1 / Math.sqrt(d))), n, t, heads, d);
        NDArray k = heads(apply(key, store, x, training), n, t, heads, d);
        NDArray v = heads(apply(value, store, x, training), n, t, heads, d);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        NDArray keyBias = mask.toType(DataType.FLOAT32, false).neg().add(1f).mul(MASKED_SCORE).reshape(n, 1, 1, t);
        NDArray probs = scores.add(keyBias).softmax(-1);
        probs = attentionDropout.forward(store, new NDList(probs), training).singletonOrThrow();
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(n, t, config.hiddenSize());

        NDArray a = apply(attentionOutput, store, context, training);
        a = hiddenDropout.forward(store, new NDList(a), training).singletonOrThrow();
        a = apply(attentionNorm, store, a.add(x), training);

        NDArray f = apply(intermediate, store, a, training).getNDArrayInternal().gelu();
        f = apply(output, store, f, training);
        f = hiddenDropout.forward(store, new NDList(f), training).singletonOrThrow();
        NDArray y = apply(outputNorm, store, f.add(a), training);
        return new NDList(y, mask);
    }

    private static NDArray apply(AbstractBlock block, ParameterStore store, NDArray x, boolean training) {
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /** [N,T,H] to [N,heads,T,d]. */
    private static NDArray heads(NDArray x, long n, long t, int heads, int d) {
        return x.reshape(n, t, heads, d).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0], inputShapes[1]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = inputShapes[0];
        Shape wide = new Shape(hidden.get(0), hidden.get(1), config.intermediateSize());
        for (AbstractBlock b : new AbstractBlock[] {query, key, value, attentionOutput, attentionNorm, intermediate,
                outputNorm, attentionDropout, hiddenDropout}) {
            b.initialize(manager, dataType, hidden);
        }
        output.initialize(manager, dataType, wide);
    }
}
