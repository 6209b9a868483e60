package tlkit.text;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import tlkit.data.BatchSource;

/**
 * A text dataset as the training loop sees it: each batch is tokenized on demand, padded to its
 * own longest text (at most {@code maxLen} tokens), as {@code [input_ids, attention_mask, token_type_ids]}.
 */
public final class TokenizedBatches implements BatchSource {

    private final TextTokenizer tokenizer;
    private final TextDataset data;
    private final int maxLen;

    public TokenizedBatches(TextTokenizer tokenizer, TextDataset data, int maxLen) {
        this.tokenizer = tokenizer;
        this.data = data;
        this.maxLen = maxLen;
    }

    @Override
    public java.util.List<String> classNames() {
        return data.classNames();
    }

    public TextDataset data() {
        return data;
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public NDList inputs(NDManager manager, int[] indices) {
        List<String> texts = new ArrayList<>(indices.length);
        for (int i : indices) {
            texts.add(data.text(i));
        }
        return tokenizer.tokenizeBatch(manager, texts, maxLen);
    }

    @Override
    public int[] labels() {
        return data.labels();
    }

    @Override
    public int numClasses() {
        return data.numClasses();
    }
}
