package tlkit.models.image;

/**
 * L2-regularised softmax regression on standardised features, fitted by full-batch gradient
 * descent: the plain "linear probe" used to judge frozen features.
 */
final class LinearProbe {

    private final double[] mean;
    private final double[] std;
    private final double[][] w; // [classes][dim + 1], last column = bias

    private LinearProbe(double[] mean, double[] std, double[][] w) {
        this.mean = mean;
        this.std = std;
        this.w = w;
    }

    static LinearProbe fit(float[][] x, int[] y, int classes, double lambda) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j]) + 1e-6;
        }
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = standardise(x[i], mean, std);
        }
        double[][] w = new double[classes][d + 1];
        double lr = 0.5;
        for (int it = 0; it < 600; it++) {
            double[][] grad = new double[classes][d + 1];
            for (int i = 0; i < n; i++) {
                double[] p = softmax(w, z[i]);
                for (int c = 0; c < classes; c++) {
                    double g = (p[c] - (y[i] == c ? 1 : 0)) / n;
                    for (int j = 0; j < d; j++) {
                        grad[c][j] += g * z[i][j];
                    }
                    grad[c][d] += g;
                }
            }
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j <= d; j++) {
                    double reg = j < d ? lambda * w[c][j] : 0;
                    w[c][j] -= lr * (grad[c][j] + reg);
                }
            }
        }
        return new LinearProbe(mean, std, w);
    }

    int predict(float[] x) {
        double[] p = softmax(w, standardise(x, mean, std));
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    double accuracy(float[][] x, int[] y) {
        int ok = 0;
        for (int i = 0; i < x.length; i++) {
            ok += predict(x[i]) == y[i] ? 1 : 0;
        }
        return 100.0 * ok / x.length;
    }

    private static double[] standardise(float[] x, double[] mean, double[] std) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - mean[j]) / std[j];
        }
        return z;
    }

    private static double[] softmax(double[][] w, double[] z) {
        double[] s = new double[w.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double v = w[c][z.length];
            for (int j = 0; j < z.length; j++) {
                v += w[c][j] * z[j];
            }
            s[c] = v;
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < s.length; c++) {
            s[c] = Math.exp(s[c] - max);
            sum += s[c];
        }
        for (int c = 0; c < s.length; c++) {
            s[c] /= sum;
        }
        return s;
    }
}
