package tlkit.eval;

import java.util.Locale;

/**
 * 95 % confidence intervals for accuracies measured on a small test set: how far the measured number may be
 * from the accuracy on all texts like these. An accuracy of 0.51 on 150 texts is 0.43–0.59; on 554 it is 0.47–0.55.
 */
public final class Intervals {

    /** z for a two-sided 95 % interval. */
    public static final double Z95 = 1.959964;

    /** An interval around an estimate. */
    public record Interval(double estimate, double low, double high) {
        public double halfWidth() {
            return (high - low) / 2;
        }

        public boolean contains(double value) {
            return low <= value && value <= high;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", estimate, low, high);
        }
    }

    private Intervals() {
    }

    /** Wilson score interval (95 %) of a proportion {@code correct / n}: stays inside [0, 1], sound for small n. */
    public static Interval wilson(int correct, int n) {
        if (n <= 0 || correct < 0 || correct > n) {
            throw new IllegalArgumentException("wilson: need 0 <= correct <= n and n > 0, got " + correct + " of " + n);
        }
        double p = correct / (double) n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new Interval(p, correct == 0 ? 0 : Math.max(0, centre - half), correct == n ? 1 : Math.min(1, centre + half));
    }

    /** Wilson interval of the accuracy of {@code predictions}. */
    public static Interval accuracy(Predictions predictions) {
        int[] labels = predictions.labels();
        int[] predicted = predictions.predicted();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return wilson(correct, labels.length);
    }

    /**
     * Normal interval (95 %) of accuracy(b) − accuracy(a) measured on the <em>same</em> test examples (paired: the
     * per-example differences, so the shared difficulty of the examples cancels).
     */
    public static Interval pairedDifference(Predictions a, Predictions b) {
        int[] labels = a.labels();
        if (!java.util.Arrays.equals(labels, b.labels())) {
            throw new IllegalArgumentException("pairedDifference: the two predictions are not on the same test examples");
        }
        int n = labels.length;
        int[] pa = a.predicted();
        int[] pb = b.predicted();
        double[] d = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            d[i] = (pb[i] == labels[i] ? 1 : 0) - (pa[i] == labels[i] ? 1 : 0);
            mean += d[i] / n;
        }
        double var = 0;
        for (double x : d) {
            var += (x - mean) * (x - mean);
        }
        double se = n > 1 ? Math.sqrt(var / (n - 1) / n) : Double.NaN;
        return new Interval(mean, mean - Z95 * se, mean + Z95 * se);
    }
}
