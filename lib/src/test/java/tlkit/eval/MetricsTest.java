package tlkit.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class MetricsTest {

    // labels / predictions with a hand-computed answer
    int[] y = {0, 0, 0, 1, 1, 2};
    int[] p = {0, 0, 1, 1, 2, 2};

    @Test
    void accuracyConfusionAndMacroF1MatchHandComputedValues() {
        assertEquals(4 / 6.0, Metrics.accuracy(y, p), 1e-12);
        assertArrayEquals(new int[][] {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}}, Metrics.confusion(y, p, 3));
        // F1: class0 2*2/(4+0+1)=0.8, class1 2/(2+1+1)=0.5, class2 2/(2+1+0)=0.6667
        assertEquals((0.8 + 0.5 + 2 / 3.0) / 3, Metrics.macroF1(y, p, 3), 1e-12);
    }

    @Test
    void predictionsTablesNameClassesAndRankMistakesByConfidence() {
        float[][] probs = {{.9f, .1f, 0}, {.8f, .2f, 0}, {.3f, .7f, 0}, {.1f, .8f, .1f}, {0, .4f, .6f}, {0, .1f, .9f}};
        Predictions pr = new Predictions(y, probs);
        assertArrayEquals(p, pr.predicted());
        Table cm = pr.confusionMatrix(List.of("cat", "dog", "bird"));
        System.out.println(cm.print());
        assertEquals(List.of("true", "cat", "dog", "bird"), cm.columnNames());
        assertEquals(1, cm.intColumn("dog").get(0));
        Table per = pr.perClass(List.of("cat", "dog", "bird"));
        assertEquals(2 / 3.0, per.doubleColumn("recall").get(0), 1e-12);
        assertArrayEquals(new int[] {2, 4}, pr.mistakes(), "0.7-confident mistake before the 0.6 one");
    }
}
