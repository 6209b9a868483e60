package tlkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Cuts a {@link TextDataset} into tokenized mini-batches for training or evaluation. Each batch is
 * padded only to its own longest text; create it inside a per-batch {@code NDManager} scope.
 *
 * <pre>{@code
 * TextBatcher batcher = new TextBatcher(encoder.tokenizer(), train, 32, 64);
 * for (int[] idx : batcher.epoch(seed)) {
 *     try (NDManager scope = model.getNDManager().newSubManager()) {
 *         TextBatcher.Batch b = batcher.batch(scope, idx);
 *         ... trainer.forward(b.inputs()) ... b.labels() ...
 *     }
 * }
 * }</pre>
 */
public final class TextBatcher {

    /** Model inputs {@code (input_ids, attention_mask, token_type_ids)} and float32 class labels [N]. */
    public record Batch(NDList inputs, NDArray labels) {
    }

    private final TextTokenizer tokenizer;
    private final TextDataset data;
    private final int batchSize;
    private final int maxLen;

    public TextBatcher(TextTokenizer tokenizer, TextDataset data, int batchSize, int maxLen) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.tokenizer = tokenizer;
        this.data = data;
        this.batchSize = batchSize;
        this.maxLen = maxLen;
    }

    /** Index batches covering the dataset once, shuffled with {@code seed} (the last batch may be smaller). */
    public List<int[]> epoch(long seed) {
        int[] order = IntStream.range(0, data.size()).toArray();
        Random r = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return cut(order);
    }

    /** Index batches in dataset order (for evaluation). */
    public List<int[]> inOrder() {
        return cut(IntStream.range(0, data.size()).toArray());
    }

    public Batch batch(NDManager scope, int[] indices) {
        List<String> texts = new ArrayList<>(indices.length);
        float[] labels = new float[indices.length];
        for (int k = 0; k < indices.length; k++) {
            texts.add(data.text(indices[k]));
            labels[k] = data.label(indices[k]);
        }
        return new Batch(tokenizer.tokenizeBatch(scope, texts, maxLen), scope.create(labels));
    }

    private List<int[]> cut(int[] order) {
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            batches.add(Arrays.copyOfRange(order, start, Math.min(order.length, start + batchSize)));
        }
        return batches;
    }
}
