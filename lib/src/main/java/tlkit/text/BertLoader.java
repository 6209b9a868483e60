package tlkit.text;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tlkit.text.bert.BertConfig;
import tlkit.text.bert.BertEncoder;
import tlkit.text.bert.OnnxBertWeights;
import tlkit.text.bert.OnnxGraph;
import tlkit.data.derive.SafeTensorsWriter;
import tlkit.models.SafeTensors;
import tlkit.text.bert.Tensor;

/**
 * Builds a trainable DJL {@link TextEncoder} from BERT weights: a PyTorch-exported ONNX file, or a
 * Hugging Face model folder ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}).
 */
public final class BertLoader {

    private BertLoader() {
    }

    /** Imports the weights of a PyTorch-exported BERT ONNX graph (dense weights named by following the graph). */
    public static TextEncoder fromOnnx(String name, InputStream onnx, String source, BertConfig config,
            TextTokenizer tokenizer) throws IOException {
        Map<String, Tensor> weights = OnnxBertWeights.extract(OnnxGraph.read(onnx, source), source);
        return build(name, config, weights, source, tokenizer);
    }

    /**
     * Loads a BERT-architecture model saved in the Hugging Face layout: {@code config.json} (sizes),
     * {@code model.safetensors} (weights, with or without a {@code bert.} prefix) and
     * {@code tokenizer.json} (or, failing that, {@code vocab.txt} plus {@code do_lower_case} from
     * {@code tokenizer_config.json}, default lower-cased). The pooler and any task head are ignored.
     */
    public static TextEncoder fromHuggingFaceFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("Model folder " + dir + " does not exist");
        }
        Path configJson = need(dir, "config.json", "the model's config.json");
        Path weightsFile = dir.resolve("model.safetensors");
        if (!Files.isRegularFile(weightsFile)) {
            String hint = Files.exists(dir.resolve("pytorch_model.bin"))
                    ? " (only pytorch_model.bin is there: fetch the repo's model.safetensors instead, or convert it)"
                    : "";
            throw new IOException("No model.safetensors in " + dir + hint);
        }
        BertConfig config = BertConfig.fromJson(configJson);
        TextTokenizer tokenizer = tokenizer(dir, config);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        readWeights(weightsFile).forEach((k, v) -> weights.put(huggingFaceName(k), v));
        return build(dir.getFileName().toString(), config, weights, weightsFile.toString(), tokenizer);
    }

    private static TextTokenizer tokenizer(Path dir, BertConfig config) throws IOException {
        Path json = dir.resolve("tokenizer.json");
        if (Files.isRegularFile(json)) {
            return TextTokenizer.fromFile(json, config.maxPositions());
        }
        Path vocab = dir.resolve("vocab.txt");
        if (!Files.isRegularFile(vocab)) {
            throw new IOException("No tokenizer.json or vocab.txt in " + dir + ": fetch the model's tokenizer files too");
        }
        boolean lowercase = true;
        Path cfg = dir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(cfg)) {
            var o = new com.google.gson.Gson().fromJson(Files.readString(cfg), com.google.gson.JsonObject.class);
            if (o != null && o.has("do_lower_case")) {
                lowercase = o.get("do_lower_case").getAsBoolean();
            }
        }
        return new TextTokenizer(WordPieceVocab.tokenizerJson(vocab, lowercase), vocab.toString(), config.maxPositions());
    }

    /** Saves the encoder (current weights) in the Hugging Face layout that {@link #fromHuggingFaceFolder} reads. */
    public static void saveHuggingFaceFolder(TextEncoder encoder, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve("config.json"), encoder.config().toJson().getBytes(StandardCharsets.UTF_8));
        writeAtomically(dir.resolve("tokenizer.json"), encoder.tokenizer().tokenizerJson());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("source", "tlkit " + encoder.name());
        writeWeights(dir.resolve("model.safetensors"), encoder.bert().export(), metadata);
    }

    /**
     * The float tensors of a safetensors file as float32, in storage order (F16 and BF16 widened; integer
     * buffers such as {@code position_ids} skipped), under their names in the file.
     */
    public static Map<String, Tensor> readWeights(Path file) throws IOException {
        SafeTensors.Header header;
        try {
            header = SafeTensors.header(file);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage() + "; download it again", e);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (SafeTensors.TensorInfo t : header.tensors()) {
            if (t.isFloat()) {
                out.put(t.name(), new Tensor(t.name(), t.shape(), SafeTensors.floats(header, t)));
            }
        }
        return out;
    }

    /** Writes float32 tensors (in map order) as a safetensors file, atomically. */
    public static void writeWeights(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        List<tlkit.data.derive.Tensor> raw = tensors.values().stream()
                .map(t -> tlkit.data.derive.Tensor.ofFloats(t.name(), t.shape(), t.values())).toList();
        SafeTensorsWriter.write(file, raw, metadata);
    }

    private static TextEncoder build(String name, BertConfig config, Map<String, Tensor> weights, String source,
            TextTokenizer tokenizer) {
        NDManager manager = NDManager.newBaseManager();
        try {
            BertEncoder bert = new BertEncoder(config, weights, source, manager);
            return new TextEncoder(name, bert, tokenizer, manager);
        } catch (RuntimeException e) {
            manager.close();
            tokenizer.close();
            throw e;
        }
    }

    /** Old TF-converted checkpoints name LayerNorm weights gamma/beta; BertFor* models add a "bert." prefix. */
    static String huggingFaceName(String name) {
        String n = name.startsWith("bert.") ? name.substring(5) : name;
        if (n.contains("LayerNorm.")) {
            n = n.replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias");
        }
        return n;
    }

    private static Path need(Path dir, String file, String what) throws IOException {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new IOException("No " + file + " in " + dir + ": the folder needs " + what);
        }
        return p;
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".part");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
