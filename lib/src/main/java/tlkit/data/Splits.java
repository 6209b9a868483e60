package tlkit.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Seeded, stratified index splits over integer class labels (images, text and audio alike).
 * All results are sorted index arrays; the same labels and seed always give the same split.
 */
public final class Splits {

    /** Two disjoint index sets covering the examples. */
    public record Split(int[] train, int[] test) {}

    private Splits() {}

    /**
     * Puts {@code round(trainFraction * n_c)} examples of every class c in {@code train} (at least one
     * in each part when the class has two or more examples), the rest in {@code test}.
     */
    public static Split stratified(int[] labels, double trainFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
        }
        Random rng = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int[] members : byClass(labels).values()) {
            shuffle(members, rng);
            int n = members.length;
            int k = (int) Math.round(trainFraction * n);
            if (n >= 2) {
                k = Math.max(1, Math.min(n - 1, k));
            }
            for (int i = 0; i < n; i++) {
                (i < k ? train : test).add(members[i]);
            }
        }
        return new Split(sorted(train), sorted(test));
    }

    /** {@code k} examples of every class in {@code train} (a k-shot training set), the rest in {@code test}. */
    public static Split kShot(int[] labels, int k, long seed) {
        return kShot(labels, List.of(), k, seed);
    }

    /**
     * {@code k} examples of every class in {@code train}, the rest in {@code test}. A class with fewer than
     * {@code k} examples is an error (it would make the training set unbalanced without anyone noticing):
     * the message names it by {@code classNames.get(label)}, or by its number when the list is shorter.
     */
    public static Split kShot(int[] labels, List<String> classNames, int k, long seed) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        Random rng = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (var e : byClass(labels).entrySet()) {
            int[] members = e.getValue();
            if (members.length < k) {
                int c = e.getKey();
                String name = c < classNames.size() ? "'" + classNames.get(c) + "'" : String.valueOf(c);
                throw new IllegalArgumentException("class " + name + " has " + members.length + " examples, " + k
                        + " asked; ask for at most " + members.length + " per class or add examples");
            }
            shuffle(members, rng);
            for (int i = 0; i < members.length; i++) {
                (i < k ? train : test).add(members[i]);
            }
        }
        return new Split(sorted(train), sorted(test));
    }

    /** The {@code pool} entries chosen by {@link #kShot(int[], List, int, long)} over their labels, ascending. */
    public static int[] kShotFrom(int[] pool, int[] labels, List<String> classNames, int k, long seed) {
        int[] poolLabels = Arrays.stream(pool).map(i -> labels[i]).toArray();
        return Arrays.stream(kShot(poolLabels, classNames, k, seed).train()).map(j -> pool[j]).sorted().toArray();
    }

    /** Fisher-Yates shuffle in place. */
    public static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Number of examples per label value 0..max. */
    public static int[] counts(int[] labels, int[] indices) {
        int max = Arrays.stream(labels).max().orElse(-1);
        int[] c = new int[max + 1];
        for (int i : indices) {
            c[labels[i]]++;
        }
        return c;
    }

    private static TreeMap<Integer, int[]> byClass(int[] labels) {
        TreeMap<Integer, List<Integer>> lists = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            lists.computeIfAbsent(labels[i], x -> new ArrayList<>()).add(i);
        }
        TreeMap<Integer, int[]> out = new TreeMap<>();
        lists.forEach((c, l) -> out.put(c, l.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    private static int[] sorted(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
