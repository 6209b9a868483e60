package tlkit.text.lm;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import tlkit.text.TextDataset;
import tlkit.data.BatchSource;

/**
 * A labelled text dataset as the classifier built on a {@link LanguageModel} reads it: each text as
 * {@code <eos> w1 .. wn} (the context the language model starts a sentence from), padded at the end to the
 * batch's longest text: {@code NDList(ids [N,T] int64, mask [N,T] int64)}.
 */
public final class LmTextBatches implements BatchSource {

    private final WordVocab vocab;
    private final TextDataset data;
    private final int maxWords;

    public LmTextBatches(WordVocab vocab, TextDataset data, int maxWords) {
        this.vocab = vocab;
        this.data = data;
        this.maxWords = maxWords;
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
        int[][] rows = new int[indices.length][];
        int t = 1;
        for (int r = 0; r < indices.length; r++) {
            int[] ids = vocab.encode(data.text(indices[r]));
            rows[r] = ids.length > maxWords ? java.util.Arrays.copyOf(ids, maxWords) : ids;
            t = Math.max(t, rows[r].length + 1);
        }
        t = SentenceBatches.roundUp(t); // few distinct shapes: see SentenceBatches.roundUp
        long[] ids = new long[indices.length * t];
        long[] mask = new long[indices.length * t];
        for (int r = 0; r < indices.length; r++) {
            ids[r * t] = WordVocab.EOS;
            mask[r * t] = 1;
            for (int j = 0; j < rows[r].length; j++) {
                ids[r * t + j + 1] = rows[r][j];
                mask[r * t + j + 1] = 1;
            }
        }
        Shape shape = new Shape(indices.length, t);
        return new NDList(manager.create(ids, shape), manager.create(mask, shape));
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
