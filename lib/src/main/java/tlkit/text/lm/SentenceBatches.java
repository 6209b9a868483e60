package tlkit.text.lm;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Sentences as next-word examples. A sentence {@code w1 .. wn} becomes the input {@code <eos> w1 .. wn}
 * and the targets {@code w1 .. wn <eos>}: at every position the model predicts the word that follows.
 * Batches group sentences of similar length, so little padding is computed.
 */
public final class SentenceBatches {

    private final List<int[]> sentences;

    private SentenceBatches(List<int[]> sentences) {
        this.sentences = sentences;
    }

    /** Encodes {@code texts} with {@code vocab}, keeping at most {@code maxWords} words of each; empty texts are dropped. */
    public static SentenceBatches of(WordVocab vocab, List<String> texts, int maxWords) {
        List<int[]> encoded = new ArrayList<>(texts.size());
        for (String text : texts) {
            int[] ids = vocab.encode(text);
            if (ids.length > 0) {
                encoded.add(ids.length > maxWords ? Arrays.copyOf(ids, maxWords) : ids);
            }
        }
        return new SentenceBatches(encoded);
    }

    public int size() {
        return sentences.size();
    }

    /** Number of next-word predictions in one pass (every word plus each sentence's {@code <eos>}). */
    public long targets() {
        return sentences.stream().mapToLong(s -> s.length + 1L).sum();
    }

    /** The same sentences cut at {@code n}. */
    public SentenceBatches first(int n) {
        return new SentenceBatches(sentences.subList(0, Math.min(n, sentences.size())));
    }

    /**
     * One epoch of batches: sentences shuffled, then ordered by length (stable, so equal lengths stay
     * shuffled), cut into batches of {@code batchSize}, and the batches shuffled.
     */
    public List<int[]> epoch(int batchSize, Random random) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, size()).boxed().toList());
        Collections.shuffle(order, random);
        order.sort(Comparator.comparingInt(i -> sentences.get(i).length));
        List<int[]> batches = inOrder(order, batchSize);
        Collections.shuffle(batches, random);
        return batches;
    }

    /** Batches in a fixed order (by length), for evaluation. */
    public List<int[]> fixedBatches(int batchSize) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, size()).boxed().toList());
        order.sort(Comparator.comparingInt(i -> sentences.get(i).length));
        return inOrder(order, batchSize);
    }

    private static List<int[]> inOrder(List<Integer> order, int batchSize) {
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += batchSize) {
            batches.add(order.subList(start, Math.min(order.size(), start + batchSize)).stream()
                    .mapToInt(Integer::intValue).toArray());
        }
        return batches;
    }

    /**
     * Batch lengths are rounded up to a multiple of 8: libtorch prepares its LSTM kernels once per input
     * shape, and with every length from 1 to 40 that preparation cost more than the first 200 steps of training.
     */
    static int roundUp(int length) {
        return (length + 7) / 8 * 8;
    }

    /** {@code NDList(inputs [B,T] int64, mask [B,T] float32, targets [B,T] int64)}, padded at the end. */
    public NDList batch(NDManager manager, int[] indices) {
        int t = 0;
        for (int i : indices) {
            t = Math.max(t, sentences.get(i).length + 1);
        }
        t = roundUp(t);
        long[] inputs = new long[indices.length * t];
        long[] targets = new long[indices.length * t];
        float[] mask = new float[indices.length * t];
        for (int r = 0; r < indices.length; r++) {
            int[] s = sentences.get(indices[r]);
            int row = r * t;
            inputs[row] = WordVocab.EOS;
            for (int j = 0; j < s.length; j++) {
                inputs[row + j + 1] = s[j];
                targets[row + j] = s[j];
                mask[row + j] = 1f;
            }
            targets[row + s.length] = WordVocab.EOS;
            mask[row + s.length] = 1f;
        }
        Shape shape = new Shape(indices.length, t);
        return new NDList(manager.create(inputs, shape), manager.create(mask, shape), manager.create(targets, shape));
    }
}
