package tlkit.viz;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** Principal component analysis for plots: eigen-decomposition of the (small) covariance matrix. */
public final class Pca {

    private Pca() {
    }

    /**
     * Coordinates of every row of {@code x} on the first two principal components ({@code [n][2]}).
     * Signs are fixed so that each component's largest-magnitude loading is positive.
     */
    public static double[][] project2d(float[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / (double) n;
            }
        }
        double[][] cov = new double[d][d];
        double[] centred = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                centred[j] = row[j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                double ca = centred[a];
                for (int b = a; b < d; b++) {
                    cov[a][b] += ca * centred[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= Math.max(1, n - 1);
                cov[b][a] = cov[a][b];
            }
        }
        RealMatrix c = new Array2DRowRealMatrix(cov, false);
        EigenDecomposition eig = new EigenDecomposition(c);
        double[] values = eig.getRealEigenvalues();
        int first = 0;
        for (int i = 1; i < d; i++) {
            if (values[i] > values[first]) {
                first = i;
            }
        }
        int second = first == 0 ? 1 : 0;
        for (int i = 0; i < d; i++) {
            if (i != first && values[i] > values[second]) {
                second = i;
            }
        }
        double[][] components = {fixSign(eig.getEigenvector(first).toArray()),
            fixSign(eig.getEigenvector(second).toArray())};
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += (x[i][j] - mean[j]) * components[k][j];
                }
                out[i][k] = s;
            }
        }
        return out;
    }

    private static double[] fixSign(double[] v) {
        int big = 0;
        for (int i = 1; i < v.length; i++) {
            if (Math.abs(v[i]) > Math.abs(v[big])) {
                big = i;
            }
        }
        if (v[big] < 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
        }
        return v;
    }
}
