package tlkit.text.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tlkit.models.Stage;

/**
 * The DJL blocks of a BERT encoder (embeddings + layers + mean pooling) and the mapping from
 * Hugging Face tensor names ({@code encoder.layer.3.attention.self.query.weight}, ...) to their
 * parameters, used both to load and to save weights.
 */
public final class BertEncoder {

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final List<BertLayer> layers = new ArrayList<>();
    private final Map<String, Parameter> byHuggingFaceName = new LinkedHashMap<>();

    /** Builds the blocks and allocates their (still random) weights in {@code manager}. */
    public BertEncoder(BertConfig config, NDManager manager) {
        this.config = config;
        embeddings = new BertEmbeddings(config);
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(new BertLayer(config));
        }
        Shape ids = new Shape(1, 8);
        embeddings.initialize(manager, DataType.FLOAT32, ids, ids, ids);
        Shape hidden = new Shape(1, 8, config.hiddenSize());
        for (BertLayer layer : layers) {
            layer.initialize(manager, DataType.FLOAT32, hidden, ids);
        }
        nameParameters();
    }

    private void nameParameters() {
        byHuggingFaceName.put("embeddings.word_embeddings.weight", embeddings.words);
        byHuggingFaceName.put("embeddings.position_embeddings.weight", embeddings.positions);
        byHuggingFaceName.put("embeddings.token_type_embeddings.weight", embeddings.tokenTypes);
        putNorm("embeddings.LayerNorm", embeddings.norm);
        for (int i = 0; i < layers.size(); i++) {
            BertLayer l = layers.get(i);
            String p = "encoder.layer." + i + ".";
            putLinear(p + "attention.self.query", l.query);
            putLinear(p + "attention.self.key", l.key);
            putLinear(p + "attention.self.value", l.value);
            putLinear(p + "attention.output.dense", l.attentionOutput);
            putNorm(p + "attention.output.LayerNorm", l.attentionNorm);
            putLinear(p + "intermediate.dense", l.intermediate);
            putLinear(p + "output.dense", l.output);
            putNorm(p + "output.LayerNorm", l.outputNorm);
        }
    }

    private void putLinear(String prefix, Linear linear) {
        byHuggingFaceName.put(prefix + ".weight", linear.getParameters().get("weight"));
        byHuggingFaceName.put(prefix + ".bias", linear.getParameters().get("bias"));
    }

    private void putNorm(String prefix, LayerNorm norm) {
        byHuggingFaceName.put(prefix + ".weight", norm.getParameters().get("gamma"));
        byHuggingFaceName.put(prefix + ".bias", norm.getParameters().get("beta"));
    }

    public BertConfig config() {
        return config;
    }

    /** Stages in forward order: {@code embeddings, layer0 … layer(L-1)}. */
    public List<Stage> stages() {
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage("embeddings", embeddings));
        for (int i = 0; i < layers.size(); i++) {
            stages.add(new Stage("layer" + i, layers.get(i)));
        }
        return stages;
    }

    /** Hugging Face tensor names, in the order a BERT checkpoint lists them. */
    public List<String> tensorNames() {
        return List.copyOf(byHuggingFaceName.keySet());
    }

    /**
     * Copies weights into the encoder. Every name of {@link #tensorNames()} must be present with the
     * right shape; extra tensors (a pooler, an MLM head, position_ids buffers) are ignored.
     *
     * @param source names the weights file in error messages
     */
    public void load(Map<String, Tensor> tensors, String source) {
        List<String> missing = new ArrayList<>();
        for (var e : byHuggingFaceName.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
                continue;
            }
            NDArray target = e.getValue().getArray();
            long[] want = target.getShape().getShape();
            if (!Arrays.equals(want, t.shape())) {
                throw new IllegalArgumentException("Tensor " + e.getKey() + " in " + source + " has shape "
                        + t.shapeString() + " but the model built from the config needs " + Arrays.toString(want)
                        + "; check that config.json matches the weights");
            }
            target.set(FloatBuffer.wrap(t.values()));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + " lacks " + missing.size() + " BERT tensors, e.g. "
                    + missing.subList(0, Math.min(5, missing.size())) + "; names present look like "
                    + tensors.keySet().stream().limit(5).toList()
                    + ". Is this a BERT-architecture checkpoint?");
        }
    }

    /** The current weights under their Hugging Face names (copies, in checkpoint order). */
    public Map<String, Tensor> export() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : byHuggingFaceName.entrySet()) {
            NDArray a = e.getValue().getArray();
            out.put(e.getKey(), new Tensor(e.getKey(), a.getShape().getShape(), a.toFloatArray()));
        }
        return out;
    }

    /** Number of encoder weights (for reports): 22.5 M for MiniLM-L6. */
    public long parameterCount() {
        return byHuggingFaceName.values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    AbstractBlock embeddings() {
        return embeddings;
    }
}
