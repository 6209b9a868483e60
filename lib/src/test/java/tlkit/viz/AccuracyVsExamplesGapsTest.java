package tlkit.viz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A strategy measured only at some sizes (NaN elsewhere) is drawn from its measured points. */
class AccuracyVsExamplesGapsTest {

    static int pixelsOf(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void partlyMeasuredStrategyIsDrawnAndTheAxisIgnoresTheGaps() {
        System.setProperty("java.awt.headless", "true");
        Map<String, double[]> acc = new LinkedHashMap<>();
        acc.put("frozen", new double[] {0.70, 0.78, 0.82});
        acc.put("fine-tuned", new double[] {0.72, 0.80, Double.NaN});
        acc.put("not run", new double[] {Double.NaN, Double.NaN, Double.NaN});
        BufferedImage img = Charts.accuracyVsExamples(new int[] {16, 64, 256}, acc, true);
        int orange = (255 << 16) | (127 << 8) | 14; // second palette colour: the "fine-tuned" line
        assertTrue(pixelsOf(img, orange) > 50, "the partly measured series is drawn");
        Map<String, double[]> complete = new LinkedHashMap<>();
        complete.put("frozen", acc.get("frozen"));
        complete.put("fine-tuned", new double[] {0.72, 0.80, 0.81});
        BufferedImage full = Charts.accuracyVsExamples(new int[] {16, 64, 256}, complete, true);
        assertTrue(pixelsOf(full, orange) > pixelsOf(img, orange), "the missing point and its segment are left out");
    }
}
