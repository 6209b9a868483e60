package tlkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import tlkit.models.Backbone;
import tlkit.text.bert.BertConfig;
import tlkit.text.bert.BertEncoder;
import tlkit.text.bert.MaskedMeanPooling;

/**
 * A pretrained BERT-family sentence encoder as a {@link Backbone}: stages {@code embeddings,
 * layer0 … layerN}, then masked mean pooling, so {@code block()} maps
 * {@code NDList(input_ids, attention_mask, token_type_ids)} to {@code [N, hidden]} sentence features.
 * It carries the tokenizer that made its vocabulary.
 */
public final class TextEncoder extends Backbone {

    /** Default truncation for {@link #embed(List)}. */
    public static final int DEFAULT_MAX_LEN = 128;

    private final BertEncoder bert;
    private final TextTokenizer tokenizer;

    public TextEncoder(String name, BertEncoder bert, TextTokenizer tokenizer, NDManager manager) {
        super(name, bert.stages(), new MaskedMeanPooling(), bert.config().hiddenSize(),
                new Shape(DEFAULT_MAX_LEN),
                "NDList(input_ids, attention_mask, token_type_ids), each int64 [N, T] from tokenizer().tokenizeBatch",
                manager);
        this.bert = bert;
        this.tokenizer = tokenizer;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public BertConfig config() {
        return bert.config();
    }

    /** The underlying blocks and their Hugging Face weight names. */
    public BertEncoder bert() {
        return bert;
    }

    /** The dataset as a {@link tlkit.data.BatchSource} for the fit loop and the feature cache. */
    public TokenizedBatches batches(TextDataset data, int maxLen) {
        return new TokenizedBatches(tokenizer(), data, maxLen);
    }

    /** Shortcut for {@code tokenizer().tokenizeBatch(manager, texts, maxLen)}. */
    public NDList tokenize(NDManager manager, List<String> texts, int maxLen) {
        return tokenizer.tokenizeBatch(manager, texts, maxLen);
    }

    /**
     * The top {@code n} stages of this encoder plus its pooling, as a backbone that takes
     * {@link HiddenStates} ({@code NDList(hidden, attention_mask)}) instead of texts. It shares this
     * encoder's weights (training it changes them) and its memory: closing either closes both.
     */
    public Backbone topLayers(int n) {
        List<tlkit.models.Stage> all = stages();
        if (n < 1 || n >= all.size()) {
            throw new IllegalArgumentException("topLayers(" + n + "): n must be 1.." + (all.size() - 1)
                    + " (the embeddings stage needs token ids, not hidden states)");
        }
        return new Backbone(name() + " top " + n, all.subList(all.size() - n, all.size()), new MaskedMeanPooling(),
                featureDim(), new Shape(DEFAULT_MAX_LEN, featureDim()),
                "NDList(hidden float32 [N, T, H], attention_mask int64 [N, T]) from HiddenStates.compute", manager());
    }

    /** Sentence embeddings (no training), batches of 32, truncated at 128 tokens. */
    public float[][] embed(List<String> texts) {
        return embed(texts, 32, DEFAULT_MAX_LEN);
    }

    /**
     * Sentence embeddings, one row per text, computed in inference mode. Texts are grouped by length
     * so each batch pads little; the rows come back in the input order.
     */
    public float[][] embed(List<String> texts, int batchSize, int maxLen) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        Integer[] order = IntStream.range(0, texts.size()).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            List<String> batch = new ArrayList<>(end - start);
            for (int k = start; k < end; k++) {
                batch.add(texts.get(order[k]));
            }
            try (NDManager scope = manager().newSubManager()) {
                NDArray features = features(scope, batch, maxLen);
                int dim = (int) features.getShape().get(1);
                float[] flat = features.toFloatArray();
                for (int k = start; k < end; k++) {
                    float[] row = new float[dim];
                    System.arraycopy(flat, (k - start) * dim, row, 0, dim);
                    out[order[k]] = row;
                }
            }
        }
        return out;
    }

    /** Features [N, hidden] of one batch, attached to {@code scope}. */
    public NDArray features(NDManager scope, List<String> texts, int maxLen) {
        NDList inputs = tokenizer.tokenizeBatch(scope, texts, maxLen);
        return block().forward(new ParameterStore(scope, false), inputs, false).singletonOrThrow();
    }

    @Override
    public void close() {
        tokenizer.close();
        super.close();
    }

    @Override
    public String toString() {
        return super.toString() + " (" + bert.parameterCount() / 100_000 / 10.0 + " M weights)";
    }
}
