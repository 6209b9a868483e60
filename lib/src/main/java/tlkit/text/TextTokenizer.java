package tlkit.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Hugging Face word-piece tokenizer (from a {@code tokenizer.json}) that builds model batches:
 * {@code [CLS] … [SEP]}, truncated at a maximum length and padded only to the longest text of the
 * batch ("dynamic padding"), with an attention mask marking the real tokens.
 */
public final class TextTokenizer implements AutoCloseable {

    private final byte[] tokenizerJson;
    private final String source;
    private final int modelMaxLength;
    /** One native tokenizer per truncation length (the length is fixed when it is created). */
    private final Map<Integer, HuggingFaceTokenizer> byMaxLength = new ConcurrentHashMap<>();

    /**
     * @param tokenizerJson contents of a {@code tokenizer.json}
     * @param source where it came from, for error messages
     * @param modelMaxLength the model's number of positions (longest allowed maxLen)
     */
    public TextTokenizer(byte[] tokenizerJson, String source, int modelMaxLength) {
        this.tokenizerJson = tokenizerJson.clone();
        this.source = source;
        this.modelMaxLength = modelMaxLength;
        native_(modelMaxLength); // fail early on a bad file
    }

    public static TextTokenizer fromFile(Path tokenizerJson, int modelMaxLength) throws IOException {
        return new TextTokenizer(Files.readAllBytes(tokenizerJson), tokenizerJson.toString(), modelMaxLength);
    }

    /** The tokenizer.json bytes (to save the tokenizer next to a model). */
    public byte[] tokenizerJson() {
        return tokenizerJson.clone();
    }

    public int modelMaxLength() {
        return modelMaxLength;
    }

    /**
     * Tokenizes a batch into {@code NDList(input_ids, attention_mask, token_type_ids)}, each int64
     * {@code [N, T]} where T is the longest tokenized text of the batch, at most {@code maxLen}
     * (including [CLS] and [SEP]). Padding positions have id 0 and mask 0.
     */
    public NDList tokenizeBatch(NDManager manager, List<String> texts, int maxLen) {
        Encoding[] enc = encode(texts, maxLen);
        int t = 1;
        for (Encoding e : enc) {
            t = Math.max(t, e.getIds().length);
        }
        int n = enc.length;
        long[] ids = new long[n * t];
        long[] mask = new long[n * t];
        long[] types = new long[n * t];
        for (int i = 0; i < n; i++) {
            long[] eIds = enc[i].getIds();
            long[] eTypes = enc[i].getTypeIds();
            System.arraycopy(eIds, 0, ids, i * t, eIds.length);
            System.arraycopy(eTypes, 0, types, i * t, eTypes.length);
            Arrays.fill(mask, i * t, i * t + eIds.length, 1L);
        }
        Shape shape = new Shape(n, t);
        NDArray idArray = manager.create(ids, shape);
        idArray.setName("input_ids");
        NDArray maskArray = manager.create(mask, shape);
        maskArray.setName("attention_mask");
        NDArray typeArray = manager.create(types, shape);
        typeArray.setName("token_type_ids");
        return new NDList(idArray, maskArray, typeArray);
    }

    /** Token ids with [CLS]/[SEP], truncated at maxLen, unpadded. */
    public long[][] ids(List<String> texts, int maxLen) {
        Encoding[] enc = encode(texts, maxLen);
        long[][] out = new long[enc.length][];
        for (int i = 0; i < enc.length; i++) {
            out[i] = enc[i].getIds();
        }
        return out;
    }

    /**
     * The word pieces of a text, without [CLS]/[SEP] and without truncation: e.g. for
     * "dihydrofolate reductase" something like {@code [di, ##hy, ##dro, ##fo, ##late, red, ##uc, ##tase]}.
     * Continuation pieces start with {@code ##}; unknown characters become {@code [UNK]}.
     */
    public List<String> pieces(String text) {
        return List.of(native_(0).encode(text, false, false).getTokens());
    }

    /** Number of tokens of a text including [CLS] and [SEP], before any truncation. */
    public int tokenCount(String text) {
        return native_(0).encode(text, true, false).getIds().length;
    }

    private Encoding[] encode(List<String> texts, int maxLen) {
        if (maxLen < 2 || maxLen > modelMaxLength) {
            throw new IllegalArgumentException("maxLen must be between 2 (room for [CLS] and [SEP]) and the model's "
                    + modelMaxLength + " positions, got " + maxLen);
        }
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("tokenizeBatch got an empty list of texts");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("Text " + i + " of the batch is null");
            }
        }
        return native_(maxLen).batchEncode(texts, true, false);
    }

    /** maxLength 0 means "no truncation". */
    private HuggingFaceTokenizer native_(int maxLength) {
        return byMaxLength.computeIfAbsent(maxLength, len -> {
            Map<String, String> options = len == 0
                    ? Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true")
                    : Map.of("padding", "false", "truncation", "true", "maxLength", String.valueOf(len),
                            "addSpecialTokens", "true");
            try {
                return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
            } catch (IOException | RuntimeException e) {
                throw new UncheckedIOException(new IOException("Could not load the tokenizer " + source + ": "
                        + e.getMessage() + ". Is it a Hugging Face tokenizer.json?", e));
            }
        });
    }

    @Override
    public void close() {
        byMaxLength.values().forEach(HuggingFaceTokenizer::close);
        byMaxLength.clear();
    }

    @Override
    public String toString() {
        return "TextTokenizer(" + source + ")";
    }
}
