package tlkit.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

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
        };
    }

    /** Train and validation parts of a source. */
    record Split(BatchSource train, BatchSource validation) {}

    /**
     * Stratified random split: {@code validationFraction} of every class goes to validation
     * (at least one example per class when the class has two or more).
     */
    default Split split(double validationFraction, long seed) {
        if (validationFraction <= 0 || validationFraction >= 1) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
        }
        int[] labels = labels();
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (int c = 0; c < numClasses(); c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, random);
            int nVal = (int) Math.round(members.size() * validationFraction);
            if (nVal == 0 && members.size() >= 2) {
                nVal = 1;
            }
            val.addAll(members.subList(0, nVal));
            train.addAll(members.subList(nVal, members.size()));
        }
        return new Split(subset(train.stream().sorted().mapToInt(Integer::intValue).toArray()),
                subset(val.stream().sorted().mapToInt(Integer::intValue).toArray()));
    }

    /**
     * The first {@code perClass} examples of every class (in a seeded random order): the
     * "how many labelled examples do I need" experiments.
     */
    default BatchSource perClass(int perClass, long seed) {
        int[] labels = labels();
        Integer[] order = new Integer[labels.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Collections.shuffle(Arrays.asList(order), new Random(seed));
        int[] taken = new int[numClasses()];
        List<Integer> keep = new ArrayList<>();
        for (int i : order) {
            if (taken[labels[i]] < perClass) {
                taken[labels[i]]++;
                keep.add(i);
            }
        }
        return subset(keep.stream().sorted().mapToInt(Integer::intValue).toArray());
    }
}
