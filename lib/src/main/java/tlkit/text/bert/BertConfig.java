package tlkit.text.bert;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sizes of a BERT encoder, named as in a Hugging Face {@code config.json}.
 *
 * @param vocabSize word-piece vocabulary size
 * @param hiddenSize width of every token vector
 * @param numLayers number of transformer layers
 * @param numHeads attention heads per layer (hiddenSize must divide evenly)
 * @param intermediateSize width of the feed-forward layer
 * @param maxPositions longest sequence the position embeddings cover
 * @param typeVocabSize number of segment (token type) ids
 * @param layerNormEps LayerNorm epsilon
 * @param hiddenDropout dropout after embeddings, attention output and feed-forward (training only)
 * @param attentionDropout dropout on the attention probabilities (training only)
 */
public record BertConfig(int vocabSize, int hiddenSize, int numLayers, int numHeads, int intermediateSize,
        int maxPositions, int typeVocabSize, float layerNormEps, float hiddenDropout, float attentionDropout) {

    /** sentence-transformers/all-MiniLM-L6-v2 (a 6-layer MiniLM distilled from BERT). */
    public static final BertConfig MINILM_L6_V2 = new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f, 0.1f, 0.1f);

    public BertConfig {
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numHeads);
        }
    }

    public int headSize() {
        return hiddenSize / numHeads;
    }

    /** Reads a Hugging Face {@code config.json}; only BERT-architecture models are accepted. */
    public static BertConfig fromJson(Path configJson) throws IOException {
        JsonObject o;
        try {
            o = new Gson().fromJson(Files.readString(configJson), JsonObject.class);
        } catch (JsonParseException e) {
            throw new IOException(configJson + " is not valid JSON: " + e.getMessage(), e);
        }
        if (o == null) {
            throw new IOException(configJson + " is empty");
        }
        String type = o.has("model_type") ? o.get("model_type").getAsString() : "bert";
        if (!type.equals("bert")) {
            throw new IOException(configJson + " describes a '" + type + "' model; only BERT-architecture models"
                    + " (model_type \"bert\") can be loaded by BertLoader");
        }
        String act = o.has("hidden_act") ? o.get("hidden_act").getAsString() : "gelu";
        if (!act.equals("gelu")) {
            throw new IOException(configJson + " uses hidden_act '" + act + "'; only the exact (erf) \"gelu\" is supported");
        }
        if (o.has("position_embedding_type") && !o.get("position_embedding_type").getAsString().equals("absolute")) {
            throw new IOException(configJson + " uses position_embedding_type '"
                    + o.get("position_embedding_type").getAsString() + "'; only \"absolute\" is supported");
        }
        return new BertConfig(
                required(o, "vocab_size", configJson),
                required(o, "hidden_size", configJson),
                required(o, "num_hidden_layers", configJson),
                required(o, "num_attention_heads", configJson),
                required(o, "intermediate_size", configJson),
                o.has("max_position_embeddings") ? o.get("max_position_embeddings").getAsInt() : 512,
                o.has("type_vocab_size") ? o.get("type_vocab_size").getAsInt() : 2,
                o.has("layer_norm_eps") ? o.get("layer_norm_eps").getAsFloat() : 1e-12f,
                o.has("hidden_dropout_prob") ? o.get("hidden_dropout_prob").getAsFloat() : 0.1f,
                o.has("attention_probs_dropout_prob") ? o.get("attention_probs_dropout_prob").getAsFloat() : 0.1f);
    }

    /** The Hugging Face {@code config.json} text for these sizes. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architectures", new String[] {"BertModel"});
        m.put("model_type", "bert");
        m.put("vocab_size", vocabSize);
        m.put("hidden_size", hiddenSize);
        m.put("num_hidden_layers", numLayers);
        m.put("num_attention_heads", numHeads);
        m.put("intermediate_size", intermediateSize);
        m.put("hidden_act", "gelu");
        m.put("max_position_embeddings", maxPositions);
        m.put("type_vocab_size", typeVocabSize);
        m.put("layer_norm_eps", layerNormEps);
        m.put("hidden_dropout_prob", hiddenDropout);
        m.put("attention_probs_dropout_prob", attentionDropout);
        m.put("position_embedding_type", "absolute");
        m.put("pad_token_id", 0);
        return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(m);
    }

    private static int required(JsonObject o, String key, Path file) throws IOException {
        if (!o.has(key)) {
            throw new IOException(file + " has no \"" + key + "\"; a BERT config.json needs it");
        }
        return o.get(key).getAsInt();
    }
}
