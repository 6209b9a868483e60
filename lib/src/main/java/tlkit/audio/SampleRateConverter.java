package tlkit.audio;

/**
 * Sample-rate conversion of audio: a rational-ratio polyphase resampler with a Kaiser-windowed sinc low-pass filter.
 *
 * <p>The cutoff is 90 % of the lower of the two Nyquist frequencies, and the kernel is 24 zero
 * crossings wide on each side, so the stop band (≈ 80 dB) begins at the lower Nyquist frequency:
 * downsampling does not alias and upsampling does not create images.
 */
public final class SampleRateConverter {

    private static final double ROLLOFF = 0.9;
    private static final int ZERO_CROSSINGS = 24;
    private static final double KAISER_BETA = 8.6;

    private SampleRateConverter() {
    }

    public static float[] convert(float[] x, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("Sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        if (fromRate == toRate) {
            return x.clone();
        }
        int g = gcd(fromRate, toRate);
        int up = toRate / g;   // L: output samples per ...
        int down = fromRate / g; // M: ... input samples
        // cutoff in cycles per input sample
        double fc = 0.5 * Math.min(1.0, (double) toRate / fromRate) * ROLLOFF;
        double halfWidth = ZERO_CROSSINGS / (2 * fc); // in input samples
        int k = (int) Math.ceil(halfWidth);
        int taps = 2 * k;
        float[][] table = phaseTable(up, k, taps, fc, halfWidth);

        int outLength = (int) ((long) x.length * up / down);
        float[] y = new float[outLength];
        for (int n = 0; n < outLength; n++) {
            long pos = (long) n * down;
            int base = (int) (pos / up);
            int phase = (int) (pos % up);
            float[] h = table[phase];
            int start = base - k + 1;
            int j0 = Math.max(0, -start);
            int j1 = Math.min(taps, x.length - start);
            double acc = 0;
            for (int j = j0; j < j1; j++) {
                acc += h[j] * x[start + j];
            }
            y[n] = (float) acc;
        }
        return y;
    }

    /** table[p][j] = h(p/L - (j - k + 1)): tap j multiplies input sample base - k + 1 + j. */
    private static float[][] phaseTable(int up, int k, int taps, double fc, double halfWidth) {
        float[][] table = new float[up][taps];
        double i0Beta = besselI0(KAISER_BETA);
        for (int p = 0; p < up; p++) {
            double frac = (double) p / up;
            for (int j = 0; j < taps; j++) {
                double t = frac - (j - k + 1);
                double r = t / halfWidth;
                if (Math.abs(r) >= 1) {
                    continue;
                }
                double window = besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
                table[p][j] = (float) (2 * fc * sinc(2 * fc * t) * window);
            }
        }
        return table;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int m = 1; m < 60; m++) {
            term *= q / ((double) m * m);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
