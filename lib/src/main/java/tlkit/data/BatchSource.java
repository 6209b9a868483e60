package tlkit.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;

/**
 * A labelled dataset the training loop can cut into batches, for any modality.
 *
 * <p>Implement three methods: how many examples there are, how to build the model inputs for some of
 * them, and the class index of every example. Images return one {@code [n, C, H, W]} float array,
 * text returns {@code [ids, attentionMask, tokenTypes]}, audio one {@code [n, 1, 49, 10]} MFCC array:
 * the toolkit passes the {@link NDList} to the model as it is.
 *
 * <pre>{@code
 * BatchSource source = new BatchSource() {
 *     public int size() { return files.size(); }
 *     public NDList inputs(NDManager m, int[] idx) { return new NDList(loadImages(m, idx)); }
 *     public int[] labels() { return labels; }
 * };
 * }</pre>
 */
public interface BatchSource {

    /** Number of examples. */
    int size();

    /**
     * The model inputs for the examples at {@code indices} (in that order), created on {@code manager}
     * (the toolkit closes it after the batch, so don't keep the arrays).
     */
    NDList inputs(NDManager manager, int[] indices);

    /** Class index (0..k-1) of every example, in example order. */
    int[] labels();

    /** Number of classes: one more than the largest label. */
    default int numClasses() {
        return Arrays.stream(labels()).max().orElse(-1) + 1;
    }

    /** Class names by label, for messages; empty when the source has none. */
    default List<String> classNames() {
        return List.of();
    }

    /** A view of some examples of this source (no copying). */
    default BatchSource subset(int[] indices) {
        BatchSource parent = this;
        int[] all = parent.labels();
        int[] subLabels = Arrays.stream(indices).map(i -> all[i]).toArray();
        return new BatchSource() {
            @Override
            public int size() {
                return indices.length;
            }

            @Override
            public NDList inputs(NDManager manager, int[] idx) {
                return parent.inputs(manager, Arrays.stream(idx).map(i -> indices[i]).toArray());
            }

            @Override
            public int[] labels() {
                return subLabels;
            }

            @Override
            public List<String> classNames() {
                return parent.classNames();
            }
        };
    }

    /** Train and validation parts of a source. */
    record Split(BatchSource train, BatchSource validation) {}

    /**
     * Stratified random split ({@link Splits#stratified}): {@code validationFraction} of every class goes to
     * validation (at least one example in each part when the class has two or more).
     */
    default Split split(double validationFraction, long seed) {
        if (validationFraction <= 0 || validationFraction >= 1) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
        }
        Splits.Split s = Splits.stratified(labels(), 1 - validationFraction, seed);
        return new Split(subset(s.train()), subset(s.test()));
    }

    /**
     * {@code perClass} seeded examples of every class ({@link Splits#kShot}; a class with fewer is an error):
     * the "how many labelled examples do I need" experiments.
     */
    default BatchSource perClass(int perClass, long seed) {
        return subset(Splits.kShot(labels(), classNames(), perClass, seed).train());
    }
}
