package tlkit.text;

import java.util.ArrayList;
import java.util.List;
import tlkit.data.Splits;

/**
 * Labelled texts: {@code texts.get(i)} has class {@code labels[i]} in {@code 0 … numClasses-1},
 * named {@code classNames.get(labels[i])}. Immutable; splits and subsets are new datasets.
 */
public final class TextDataset {

    private final String name;
    private final List<String> texts;
    private final int[] labels;
    private final List<String> classNames;

    public TextDataset(String name, List<String> texts, int[] labels, List<String> classNames) {
        if (texts.size() != labels.length) {
            throw new IllegalArgumentException(name + ": " + texts.size() + " texts but " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of example " + i
                        + " is not a class index 0.." + (classNames.size() - 1));
            }
        }
        this.name = name;
        this.texts = List.copyOf(texts);
        this.labels = labels.clone();
        this.classNames = List.copyOf(classNames);
    }

    public String name() {
        return name;
    }

    public int size() {
        return texts.size();
    }

    public String text(int i) {
        return texts.get(i);
    }

    public int label(int i) {
        return labels[i];
    }

    public List<String> texts() {
        return texts;
    }

    public int[] labels() {
        return labels.clone();
    }

    public List<String> classNames() {
        return classNames;
    }

    public int numClasses() {
        return classNames.size();
    }

    public int[] classCounts() {
        int[] c = new int[classNames.size()];
        for (int l : labels) {
            c[l]++;
        }
        return c;
    }

    /** The examples at {@code indices}, in that order. */
    public TextDataset subset(int[] indices, String subsetName) {
        List<String> t = new ArrayList<>(indices.length);
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            t.add(texts.get(indices[k]));
            l[k] = labels[indices[k]];
        }
        return new TextDataset(subsetName, t, l, classNames);
    }

    /**
     * Stratified, seeded split ({@link Splits#stratified}): each class contributes round(fraction × its count)
     * examples to the first part (at least one to each part when it has two or more), the rest to the second.
     * Examples keep their original order within each part.
     */
    public TextDataset[] stratifiedSplit(double firstFraction, long seed) {
        Splits.Split s = Splits.stratified(labels, firstFraction, seed);
        int pct = (int) Math.round(firstFraction * 100);
        return new TextDataset[] {
            subset(s.train(), name + " [" + pct + "% split, seed " + seed + "]"),
            subset(s.test(), name + " [" + (100 - pct) + "% split, seed " + seed + "]")};
    }

    /** k examples of every class, chosen with {@code seed} ({@link Splits#kShot}; a class with fewer is an error). */
    public TextDataset kShot(int k, long seed) {
        try {
            return subset(Splits.kShot(labels, classNames, k, seed).train(), name + " [" + k + "-shot, seed " + seed + "]");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The dataset with repeated texts removed (the first occurrence is kept). Use it before
     * splitting when a corpus lists a text once per label (the medical abstracts do), so the same
     * text cannot land in both training and test data.
     */
    public TextDataset distinctTexts() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        int[] keep = java.util.stream.IntStream.range(0, size()).filter(i -> seen.add(texts.get(i))).toArray();
        return keep.length == size() ? this : subset(keep, name + " [distinct texts]");
    }

    /** A stratified random sample of about n examples (class proportions kept), e.g. to keep a demo fast. */
    public TextDataset sample(int n, long seed) {
        if (n >= size()) {
            return this;
        }
        return stratifiedSplit((double) n / size(), seed)[0];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(": ").append(size()).append(" texts (");
        int[] counts = classCounts();
        for (int c = 0; c < counts.length; c++) {
            sb.append(c == 0 ? "" : ", ").append(classNames.get(c)).append(' ').append(counts[c]);
        }
        return sb.append(')').toString();
    }
}
