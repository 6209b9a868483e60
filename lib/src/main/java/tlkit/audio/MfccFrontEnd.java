package tlkit.audio;

import java.util.List;
import java.util.stream.IntStream;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The exact MFCC front-end the MLPerf Tiny keyword-spotting DS-CNN was trained with
 * ({@code get_dataset.py} of mlcommons/tiny, TensorFlow ops re-implemented):
 *
 * <ol>
 *   <li>16 kHz mono, 1 s: divide by the clip's (signed) maximum sample, zero-pad/trim to 16,000;</li>
 *   <li>STFT: 480-sample frames, hop 320, FFT size 512, periodic Hann window, no end padding,
 *       magnitude → 49 × 257;</li>
 *   <li>40 triangular HTK-mel filters, 20–4,000 Hz, unnormalised, DC weight 0
 *       ({@code tf.signal.linear_to_mel_weight_matrix});</li>
 *   <li>natural log of (mel + 1e-6);</li>
 *   <li>DCT-II scaled by √(2/40) for every coefficient ({@code tf.signal.mfccs_from_log_mel_spectrograms});
 *       keep 10 → 49 × 10.</li>
 * </ol>
 *
 * <p>Window, filterbank and DCT matrix are computed once; instances are thread-safe.
 */
public final class MfccFrontEnd {

    public static final int SAMPLE_RATE = 16_000;
    public static final int CLIP_SAMPLES = 16_000;
    public static final int FRAME_LENGTH = 480;
    public static final int HOP = 320;
    public static final int FFT_SIZE = 512;
    public static final int BINS = FFT_SIZE / 2 + 1;
    public static final int FRAMES = 1 + (CLIP_SAMPLES - FRAME_LENGTH) / HOP; // 49
    public static final int MEL_BANDS = 40;
    public static final double MEL_LOW_HZ = 20;
    public static final double MEL_HIGH_HZ = 4_000;
    public static final int COEFFS = 10;
    public static final int FEATURES = FRAMES * COEFFS; // 490
    private static final double LOG_OFFSET = 1e-6;

    private static final MfccFrontEnd KWS = new MfccFrontEnd();

    private final double[] window = new double[FRAME_LENGTH];
    /** For mel band m: first bin index and weights for bins first..first+len-1. */
    private final int[] melFirstBin = new int[MEL_BANDS];
    private final double[][] melWeights = new double[MEL_BANDS][];
    private final double[][] dct = new double[MEL_BANDS][COEFFS];
    private final ThreadLocal<DoubleFFT_1D> fft = ThreadLocal.withInitial(() -> new DoubleFFT_1D(FFT_SIZE));

    private MfccFrontEnd() {
        for (int n = 0; n < FRAME_LENGTH; n++) {
            window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / FRAME_LENGTH); // periodic Hann
        }
        buildMelFilterbank();
        for (int n = 0; n < MEL_BANDS; n++) {
            for (int k = 0; k < COEFFS; k++) {
                dct[n][k] = Math.sqrt(2.0 / MEL_BANDS) * Math.cos(Math.PI * k * (2 * n + 1) / (2.0 * MEL_BANDS));
            }
        }
    }

    /** The front-end of the kws-dscnn model. */
    public static MfccFrontEnd kws() {
        return KWS;
    }

    static double hzToMel(double hz) {
        return 1127.0 * Math.log(1.0 + hz / 700.0);
    }

    private void buildMelFilterbank() {
        double lo = hzToMel(MEL_LOW_HZ);
        double hi = hzToMel(MEL_HIGH_HZ);
        double[] edges = new double[MEL_BANDS + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = lo + (hi - lo) * i / (MEL_BANDS + 1);
        }
        double[] binMel = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            binMel[b] = hzToMel((SAMPLE_RATE / 2.0) * b / (BINS - 1));
        }
        for (int m = 0; m < MEL_BANDS; m++) {
            double left = edges[m];
            double center = edges[m + 1];
            double right = edges[m + 2];
            double[] w = new double[BINS];
            int first = -1;
            int last = -1;
            for (int b = 1; b < BINS; b++) { // b = 0 (DC) keeps weight 0, as in TensorFlow
                double up = (binMel[b] - left) / (center - left);
                double down = (right - binMel[b]) / (right - center);
                w[b] = Math.max(0, Math.min(up, down));
                if (w[b] > 0) {
                    if (first < 0) {
                        first = b;
                    }
                    last = b;
                }
            }
            if (first < 0) {
                first = 1;
                last = 0;
            }
            melFirstBin[m] = first;
            melWeights[m] = java.util.Arrays.copyOfRange(w, first, last + 1);
        }
    }

    /** Dense copy of the mel filterbank, [257 bins][40 bands] (for inspection and plots). */
    public double[][] melFilterbank() {
        double[][] out = new double[BINS][MEL_BANDS];
        for (int m = 0; m < MEL_BANDS; m++) {
            for (int i = 0; i < melWeights[m].length; i++) {
                out[melFirstBin[m] + i][m] = melWeights[m][i];
            }
        }
        return out;
    }

    /** Steps 1: trim/zero-pad to 16,000 samples and divide by the clip's maximum sample. */
    static double[] normalise(float[] samples16k) {
        int n = Math.min(samples16k.length, CLIP_SAMPLES);
        double max = Double.NEGATIVE_INFINITY;
        double maxAbs = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, samples16k[i]);
            maxAbs = Math.max(maxAbs, Math.abs(samples16k[i]));
        }
        // The reference divides by the signed maximum; fall back to max|x| for a clip with no positive sample.
        double divisor = max > 0 ? max : maxAbs;
        double[] x = new double[CLIP_SAMPLES];
        for (int i = 0; i < n; i++) {
            x[i] = divisor > 0 ? samples16k[i] / divisor : 0;
        }
        return x;
    }

    /** Log-mel spectrogram, [49 frames][40 bands] (natural log of mel magnitude + 1e-6). */
    public float[][] logMel(float[] samples16k) {
        double[][] lm = logMelDouble(samples16k);
        float[][] out = new float[FRAMES][MEL_BANDS];
        for (int t = 0; t < FRAMES; t++) {
            for (int m = 0; m < MEL_BANDS; m++) {
                out[t][m] = (float) lm[t][m];
            }
        }
        return out;
    }

    private double[][] logMelDouble(float[] samples16k) {
        double[] x = normalise(samples16k);
        DoubleFFT_1D f = fft.get();
        double[] buf = new double[FFT_SIZE];
        double[] mag = new double[BINS];
        double[][] out = new double[FRAMES][MEL_BANDS];
        for (int t = 0; t < FRAMES; t++) {
            int off = t * HOP;
            for (int n = 0; n < FRAME_LENGTH; n++) {
                buf[n] = x[off + n] * window[n];
            }
            java.util.Arrays.fill(buf, FRAME_LENGTH, FFT_SIZE, 0);
            f.realForward(buf); // packed: buf[0]=Re0, buf[1]=Re(N/2), buf[2k]=Re k, buf[2k+1]=Im k
            mag[0] = Math.abs(buf[0]);
            mag[BINS - 1] = Math.abs(buf[1]);
            for (int k = 1; k < BINS - 1; k++) {
                mag[k] = Math.hypot(buf[2 * k], buf[2 * k + 1]);
            }
            for (int m = 0; m < MEL_BANDS; m++) {
                double[] w = melWeights[m];
                int first = melFirstBin[m];
                double s = 0;
                for (int i = 0; i < w.length; i++) {
                    s += w[i] * mag[first + i];
                }
                out[t][m] = Math.log(s + LOG_OFFSET);
            }
        }
        return out;
    }

    /** MFCCs as a [49][10] matrix (time × coefficient). */
    public float[][] mfccMatrix(float[] samples16k) {
        float[] flat = mfcc(samples16k);
        float[][] out = new float[FRAMES][COEFFS];
        for (int t = 0; t < FRAMES; t++) {
            System.arraycopy(flat, t * COEFFS, out[t], 0, COEFFS);
        }
        return out;
    }

    /** MFCCs of 16 kHz samples, row-major 49 × 10 (= the model input [1, 49, 10] flattened). */
    public float[] mfcc(float[] samples16k) {
        double[][] lm = logMelDouble(samples16k);
        float[] out = new float[FEATURES];
        for (int t = 0; t < FRAMES; t++) {
            for (int k = 0; k < COEFFS; k++) {
                double s = 0;
                for (int n = 0; n < MEL_BANDS; n++) {
                    s += lm[t][n] * dct[n][k];
                }
                out[t * COEFFS + k] = (float) s;
            }
        }
        return out;
    }

    /** MFCCs of a clip at any sample rate (resampled to 16 kHz first). */
    public float[] mfcc(AudioClip clip) {
        return mfcc(clip.resampledTo(SAMPLE_RATE).samples());
    }

    /** MFCCs of many clips, in parallel; row i = clip i, 490 floats each. */
    public float[][] mfccBatch(List<AudioClip> clips) {
        float[][] out = new float[clips.size()][];
        IntStream.range(0, clips.size()).parallel().forEach(i -> out[i] = mfcc(clips.get(i)));
        return out;
    }
}
