package tlkit.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HistoryConcatTest {

    @Test
    void concatKeepsRunsWithoutValidation() {
        History probe = new History("probe");
        probe.add(1, 0.7, 0.5, Double.NaN, Double.NaN, 0.1, 514, 0.01);
        probe.finish(1, false);
        History tuned = new History("tuned");
        tuned.add(1, 0.4, 0.8, Double.NaN, Double.NaN, 1.0, 213586, 0.003);
        tuned.add(2, 0.3, 0.9, Double.NaN, Double.NaN, 1.0, 213586, 0.001);
        tuned.finish(2, false);

        History h = History.concat("warm head", probe, tuned);

        assertEquals(3, h.epochs());
        assertEquals(3, h.bestEpoch());
        assertEquals(0.9, h.column("train_acc")[2], 1e-12);
        assertTrue(Double.isNaN(h.column("val_loss")[0]));
    }
}
