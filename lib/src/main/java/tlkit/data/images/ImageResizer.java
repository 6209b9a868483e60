package tlkit.data.images;

/**
 * Antialiased bilinear (triangle filter) resampling of a box of an image, as PIL's
 * {@code Image.resize(size, BILINEAR, box)} does: when shrinking, the filter widens with the scale
 * so every source pixel contributes (no aliasing).
 */
final class ImageResizer {

    private ImageResizer() {}

    /**
     * Resamples the source box (x0, y0, w, h), in pixel units, to {@code outW x outH}.
     *
     * @return CHW float values in [0, 255]
     */
    static float[] resize(RgbImage src, double x0, double y0, double w, double h, int outW, int outH) {
        Axis ax = new Axis(src.width(), x0, w, outW);
        Axis ay = new Axis(src.height(), y0, h, outH);
        int rowLo = src.height();
        int rowHi = 0;
        for (int oy = 0; oy < outH; oy++) {
            rowLo = Math.min(rowLo, ay.first[oy]);
            rowHi = Math.max(rowHi, ay.first[oy] + ay.weights[oy].length);
        }
        // horizontal pass on the rows that matter: tmp[(row - rowLo) * outW + ox][c]
        int rows = rowHi - rowLo;
        float[] tmp = new float[rows * outW * 3];
        byte[] rgb = src.rgb();
        int sw = src.width();
        for (int r = 0; r < rows; r++) {
            int rowBase = (rowLo + r) * sw * 3;
            for (int ox = 0; ox < outW; ox++) {
                float cr = 0;
                float cg = 0;
                float cb = 0;
                float[] wts = ax.weights[ox];
                int p = rowBase + ax.first[ox] * 3;
                for (float wt : wts) {
                    cr += wt * (rgb[p] & 0xff);
                    cg += wt * (rgb[p + 1] & 0xff);
                    cb += wt * (rgb[p + 2] & 0xff);
                    p += 3;
                }
                int t = (r * outW + ox) * 3;
                tmp[t] = cr;
                tmp[t + 1] = cg;
                tmp[t + 2] = cb;
            }
        }
        int plane = outW * outH;
        float[] out = new float[3 * plane];
        for (int oy = 0; oy < outH; oy++) {
            float[] wts = ay.weights[oy];
            int r0 = ay.first[oy] - rowLo;
            for (int ox = 0; ox < outW; ox++) {
                float cr = 0;
                float cg = 0;
                float cb = 0;
                for (int k = 0; k < wts.length; k++) {
                    int t = ((r0 + k) * outW + ox) * 3;
                    cr += wts[k] * tmp[t];
                    cg += wts[k] * tmp[t + 1];
                    cb += wts[k] * tmp[t + 2];
                }
                int o = oy * outW + ox;
                out[o] = cr;
                out[plane + o] = cg;
                out[2 * plane + o] = cb;
            }
        }
        return out;
    }

    /** Per output index: first source index and normalised weights of the contributing pixels. */
    private static final class Axis {
        final int[] first;
        final float[][] weights;

        Axis(int size, double start, double length, int out) {
            first = new int[out];
            weights = new float[out][];
            double scale = length / out;
            double support = Math.max(scale, 1.0);
            for (int i = 0; i < out; i++) {
                double center = start + (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(center - support));
                int hi = Math.min(size, (int) Math.ceil(center + support));
                double[] w = new double[Math.max(0, hi - lo)];
                double sum = 0;
                for (int j = lo; j < hi; j++) {
                    double t = Math.abs((j + 0.5 - center) / support);
                    w[j - lo] = Math.max(0, 1 - t);
                    sum += w[j - lo];
                }
                if (sum <= 0) { // box outside the image: nearest pixel
                    int nearest = Math.min(size - 1, Math.max(0, (int) Math.floor(center)));
                    first[i] = nearest;
                    weights[i] = new float[] {1f};
                    continue;
                }
                // trim zero weights at both ends so loops stay short
                int a = 0;
                int b = w.length;
                while (a < b && w[a] == 0) {
                    a++;
                }
                while (b > a && w[b - 1] == 0) {
                    b--;
                }
                first[i] = lo + a;
                weights[i] = new float[b - a];
                for (int k = a; k < b; k++) {
                    weights[i][k - a] = (float) (w[k] / sum);
                }
            }
        }
    }
}
