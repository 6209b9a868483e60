package tlkit.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tlkit.data.Catalog;

class MfccFrontEndTest {

    static Path sample(String name) {
        return Catalog.get().path("kws-dscnn").resolve("samples").resolve(name + "_1000ms.wav");
    }

    /**
     * Reference values from an independent float64 numpy implementation of SOURCES.md §2 steps 1–7
     * (np.fft.rfft; the same implementation plus the converted weights reproduces the published
     * probabilities Yes 0.999 / No 0.52 / Silence 0.995 / Unknown 0.62): MFCC[0][0..3], MFCC[24][0..3],
     * MFCC[48][9].
     */
    static Stream<Arguments> references() {
        return Stream.of(
                Arguments.of("yes", new double[] {-34.802663, 8.159616, 4.225033, 2.062358,
                    -6.767465, -0.781284, 12.390890, -1.905687, -1.428588}),
                Arguments.of("no", new double[] {-26.413809, 3.993972, -0.572010, 0.184117,
                    -11.066946, 10.357234, 3.216237, 3.589659, 0.288319}),
                Arguments.of("silence", new double[] {-6.645169, -6.449453, 3.510914, -2.328634,
                    -5.795307, -6.220309, 3.100434, -2.411080, 0.241305}),
                Arguments.of("noise", new double[] {10.680458, 2.550667, 1.635730, 2.114618,
                    11.479145, 3.428296, 2.201432, 1.002093, 0.623250}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void mfccOfSampleMatchesNumpyReference(String name, double[] expected) {
        float[][] m = MfccFrontEnd.kws().mfccMatrix(Audio.loadForKws(sample(name)).samples());
        assertEquals(49, m.length);
        assertEquals(10, m[0].length);
        double[] got = {m[0][0], m[0][1], m[0][2], m[0][3], m[24][0], m[24][1], m[24][2], m[24][3], m[48][9]};
        assertArrayEquals(expected, got, 1e-3);
    }

    @Test
    void mfccIsInvariantToVolumeBecauseTheClipIsDividedByItsMaximum() {
        float[] x = Audio.loadForKws(sample("yes")).samples();
        float[] quiet = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            quiet[i] = x[i] * 0.125f; // exact in binary
        }
        assertArrayEquals(MfccFrontEnd.kws().mfcc(x), MfccFrontEnd.kws().mfcc(quiet), 1e-5f);
    }

    @Test
    void shortClipIsZeroPaddedAndLongClipTrimmedToOneSecond() {
        float[] x = Audio.loadForKws(sample("yes")).samples();
        float[] longer = java.util.Arrays.copyOf(x, 24_000);
        java.util.Arrays.fill(longer, 16_000, 24_000, 0.9f);
        assertArrayEquals(MfccFrontEnd.kws().mfcc(x), MfccFrontEnd.kws().mfcc(longer), 1e-6f);
        float[] half = java.util.Arrays.copyOf(x, 8_000);
        float[] padded = java.util.Arrays.copyOf(half, 16_000);
        assertArrayEquals(MfccFrontEnd.kws().mfcc(padded), MfccFrontEnd.kws().mfcc(half), 1e-6f);
    }

    @Test
    void melFilterbankHas40UnnormalisedTrianglesWithZeroDcWeight() {
        double[][] w = MfccFrontEnd.kws().melFilterbank();
        assertEquals(257, w.length);
        assertEquals(40, w[0].length);
        for (int m = 0; m < 40; m++) {
            assertEquals(0, w[0][m]);
            double peak = 0;
            for (double[] row : w) {
                peak = Math.max(peak, row[m]);
            }
            assertTrue(peak > 0.5 && peak <= 1.0, "band " + m + " peak " + peak);
        }
        // no weight above 4 kHz (bin 128 = 4,000 Hz)
        for (int b = 129; b < 257; b++) {
            for (int m = 0; m < 40; m++) {
                assertEquals(0, w[b][m]);
            }
        }
    }

    @Test
    void logMelHas49FramesOf40Bands() {
        float[][] lm = MfccFrontEnd.kws().logMel(Audio.loadForKws(sample("yes")).samples());
        assertEquals(49, lm.length);
        assertEquals(40, lm[0].length);
    }

    @Test
    void picturesAre700x300() {
        AudioClip clip = Audio.loadForKws(sample("no"));
        assertEquals(700, AudioPictures.waveform(clip).getWidth());
        assertEquals(300, AudioPictures.logMel(clip).getHeight());
        assertEquals(300, AudioPictures.mfcc(clip).getHeight());
    }
}
