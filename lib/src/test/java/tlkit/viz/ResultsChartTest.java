package tlkit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tlkit.eval.Results;

/** The accuracy-vs-examples chart from a results table: renders, and is saved to target/charts for a look. */
class ResultsChartTest {

    @Test
    void meanLinesWithSeedBands() {
        System.setProperty("java.awt.headless", "true");
        Results r = new Results("val accuracy vs labelled examples per class").allAt(122);
        double[][] acc = {{0.55, 0.62, 0.70, 0.78}, {0.50, 0.52, 0.55, 0.60}};
        String[] names = {"feature extraction", "from scratch"};
        int[] sizes = {5, 10, 30, 122};
        for (int s = 0; s < names.length; s++) {
            for (int i = 0; i < sizes.length; i++) {
                for (long seed = 0; seed < 2; seed++) {
                    r.add(new Results.Run(names[s], sizes[i], seed, 0.01, acc[s][i] + 0.04 * seed, 1, 10, null));
                }
            }
        }
        BufferedImage image = Charts.accuracyVsExamples(r);
        assertEquals(Charts.WIDTH, image.getWidth());
        Path png = Charts.savePng(image, Path.of("target", "charts", "accuracy-vs-examples-results.png"));
        assertTrue(png.toFile().length() > 10_000, "a drawn chart, not an empty canvas");
    }

    @Test
    void accuracyByStageWithDashedBaselines() {
        System.setProperty("java.awt.headless", "true");
        List<String> stages = List.of("stem", "stage1", "stage2", "stage3", "stage4");
        Map<String, double[]> probes = new LinkedHashMap<>();
        probes.put("near target", new double[] {0.60, 0.67, 0.71, 0.76, 0.80});
        probes.put("far target", new double[] {0.25, 0.43, 0.57, 0.56, 0.48});
        Map<String, Double> baselines = new LinkedHashMap<>();
        baselines.put("near: majority class", 0.54);
        baselines.put("far: majority class", 0.10);
        BufferedImage image = Charts.byStage("linear probe per stage", stages, probes, baselines);
        assertTrue(image.getWidth() > Charts.WIDTH, "room on the right for a legend of long task names");
        Path png = Charts.savePng(image, Path.of("target", "charts", "accuracy-by-stage.png"));
        assertTrue(png.toFile().length() > 10_000, "a drawn chart, not an empty canvas");
        probes.put("short", new double[] {0.5});
        assertThrows(IllegalArgumentException.class, () -> Charts.byStage("t", stages, probes, Map.of()),
                "one value per stage, or an error naming the series");
    }
}
