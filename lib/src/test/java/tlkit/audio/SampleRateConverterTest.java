package tlkit.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleRateConverterTest {

    private static float[] sine(double hz, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
        }
        return x;
    }

    /** RMS over the middle half (away from the zero-padded edges). */
    private static double rmsMiddle(float[] x) {
        double s = 0;
        int from = x.length / 4;
        int to = 3 * x.length / 4;
        for (int i = from; i < to; i++) {
            s += x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }

    @Test
    void upsampling8kTo16kReproducesAToneSampleBySample() {
        float[] y = SampleRateConverter.convert(sine(1_000, 8_000, 8_000), 8_000, 16_000);
        assertEquals(16_000, y.length);
        float[] exact = sine(1_000, 16_000, 16_000);
        double maxErr = 0;
        for (int i = 2_000; i < 14_000; i++) {
            maxErr = Math.max(maxErr, Math.abs(y[i] - exact[i]));
        }
        assertTrue(maxErr < 2e-3, "max error " + maxErr);
    }

    @Test
    void downsampling44kTo16kKeepsPassbandAndRemovesToneAboveNewNyquist() {
        float[] low = SampleRateConverter.convert(sine(1_000, 44_100, 44_100), 44_100, 16_000);
        assertEquals(16_000, low.length);
        assertEquals(Math.sqrt(0.5), rmsMiddle(low), 0.005);
        // 9 kHz folds to 7 kHz without an anti-aliasing filter; it must be gone (< -60 dB)
        float[] high = SampleRateConverter.convert(sine(9_000, 44_100, 44_100), 44_100, 16_000);
        double db = 20 * Math.log10(rmsMiddle(high) / Math.sqrt(0.5));
        assertTrue(db < -60, "9 kHz tone only attenuated to " + db + " dB");
    }

    @Test
    void upsamplingDoesNotCreateImagesAboveOldNyquist() {
        // a 3 kHz tone at 8 kHz has its image at 5 kHz after naive upsampling
        float[] y = SampleRateConverter.convert(sine(3_000, 8_000, 8_000), 8_000, 16_000);
        double image = 0;
        double tone = 0;
        for (int n = 4_000; n < 12_000; n++) {
            image += y[n] * Math.sin(2 * Math.PI * 5_000 * n / 16_000.0);
            tone += y[n] * Math.sin(2 * Math.PI * 3_000 * n / 16_000.0);
        }
        assertTrue(Math.abs(image) < 1e-3 * Math.abs(tone), "image/tone = " + image / tone);
    }
}
