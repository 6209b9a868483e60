package tlkit.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tlkit.viz.Charts;

class AudioPicturesTest {

    @Test
    void mfccPictureScalesEachCoefficientOnItsOwn() {
        System.setProperty("java.awt.headless", "true");
        AudioClip clip = Audio.loadForKws(MfccFrontEndTest.sample("yes"));
        float[][] raw = MfccFrontEnd.kws().mfccMatrix(clip.samples());
        float[][] scaled = AudioPictures.standardizedPerFeature(raw);
        double rawRange0 = range(raw, 0);
        double rawRange5 = range(raw, 5);
        assertTrue(rawRange0 > 3 * rawRange5, "coefficient 0 dominates the raw scale: " + rawRange0 + " vs " + rawRange5);
        for (int f = 0; f < raw[0].length; f++) {
            double mean = 0;
            double square = 0;
            for (float[] row : scaled) {
                mean += row[f];
                square += row[f] * row[f];
            }
            assertEquals(0, mean / scaled.length, 1e-4, "coefficient " + f + " mean");
            assertEquals(1, square / scaled.length, 1e-3, "coefficient " + f + " variance");
        }
        Charts.savePng(AudioPictures.mfcc(clip), Path.of("target", "charts", "mfcc.png"));
    }

    private static double range(float[][] m, int feature) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (float[] row : m) {
            lo = Math.min(lo, row[feature]);
            hi = Math.max(hi, row[feature]);
        }
        return hi - lo;
    }
}
