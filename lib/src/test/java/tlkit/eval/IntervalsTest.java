package tlkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntervalsTest {

    @Test
    void wilsonMatchesTheTextbookValues() {
        // 81 of 263 (Wilson 1927 style example; statsmodels proportion_confint(81, 263, method="wilson"))
        Intervals.Interval i = Intervals.wilson(81, 263);
        assertEquals(0.2553, i.low(), 1e-3);
        assertEquals(0.3662, i.high(), 1e-3);
        // 0.51 on 150 texts: about ±0.08, on 554 about ±0.04
        assertEquals(0.08, Intervals.wilson(77, 150).halfWidth(), 0.005);
        assertEquals(0.041, Intervals.wilson(283, 554).halfWidth(), 0.003);
    }

    @Test
    void wilsonStaysInsideZeroAndOne() {
        Intervals.Interval none = Intervals.wilson(0, 10);
        assertEquals(0, none.low());
        assertTrue(none.high() > 0.2 && none.high() < 0.35, "0 of 10 does not prove 0 %: " + none);
        assertEquals(1, Intervals.wilson(10, 10).high());
        assertThrows(IllegalArgumentException.class, () -> Intervals.wilson(3, 0));
    }

    @Test
    void pairedDifferenceCountsOnlyTheExamplesWhereTheTwoDisagree() {
        int[] labels = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        float[][] a = new float[10][];
        float[][] b = new float[10][];
        for (int i = 0; i < 10; i++) {
            int pa = i < 6 ? labels[i] : 1 - labels[i];   // a: 6 right
            int pb = i < 8 ? labels[i] : 1 - labels[i];   // b: 8 right, and right wherever a is
            a[i] = pa == 0 ? new float[] {0.9f, 0.1f} : new float[] {0.1f, 0.9f};
            b[i] = pb == 0 ? new float[] {0.9f, 0.1f} : new float[] {0.1f, 0.9f};
        }
        Intervals.Interval d = Intervals.pairedDifference(new Predictions(labels, a), new Predictions(labels, b));
        assertEquals(0.2, d.estimate(), 1e-9);
        // d = 1 on 2 examples, 0 on 8: sd = sqrt(0.16 * 10 / 9), se = sd / sqrt(10)
        double se = Math.sqrt(0.16 * 10 / 9) / Math.sqrt(10);
        assertEquals(0.2 - Intervals.Z95 * se, d.low(), 1e-9);
        assertTrue(d.contains(0.2) && !d.contains(0.6));
        assertEquals(0.6, Intervals.accuracy(new Predictions(labels, a)).estimate(), 1e-9);
    }
}
