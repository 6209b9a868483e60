package tlkit.eval;

/** Classification metrics on class-index arrays. */
public final class Metrics {

    private Metrics() {
    }

    public static double accuracy(int[] labels, int[] predicted) {
        check(labels, predicted);
        int ok = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == predicted[i]) {
                ok++;
            }
        }
        return labels.length == 0 ? Double.NaN : ok / (double) labels.length;
    }

    /** {@code counts[true][predicted]}. */
    public static int[][] confusion(int[] labels, int[] predicted, int numClasses) {
        check(labels, predicted);
        int[][] m = new int[numClasses][numClasses];
        for (int i = 0; i < labels.length; i++) {
            m[labels[i]][predicted[i]]++;
        }
        return m;
    }

    /** F1 of one class from a confusion matrix (0 when the class is never predicted nor present). */
    public static double f1(int[][] confusion, int c) {
        double tp = confusion[c][c];
        double fp = 0;
        double fn = 0;
        for (int k = 0; k < confusion.length; k++) {
            if (k != c) {
                fp += confusion[k][c];
                fn += confusion[c][k];
            }
        }
        return tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
    }

    /** Unweighted mean of the per-class F1 scores over the classes that occur in labels or predictions. */
    public static double macroF1(int[] labels, int[] predicted, int numClasses) {
        int[][] m = confusion(labels, predicted, numClasses);
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < numClasses; c++) {
            int present = 0;
            for (int k = 0; k < numClasses; k++) {
                present += m[c][k] + m[k][c];
            }
            if (present > 0) {
                sum += f1(m, c);
                classes++;
            }
        }
        return classes == 0 ? Double.NaN : sum / classes;
    }

    private static void check(int[] labels, int[] predicted) {
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predicted.length + " predictions");
        }
    }
}
