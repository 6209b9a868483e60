package tlkit.text;

import tlkit.models.Backbones;

/** One MiniLM encoder per test JVM: importing the 91 MB ONNX file takes a few seconds. */
final class SharedMiniLm {

    private static TextEncoder encoder;

    private SharedMiniLm() {
    }

    static synchronized TextEncoder get() {
        if (encoder == null) {
            encoder = Backbones.load(TextEncoders.MINILM_L6_V2);
        }
        return encoder;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}
