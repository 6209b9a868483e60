package tlkit.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ResultsTest {

    private static Results.Run run(String strategy, int perClass, long seed, double accuracy) {
        return new Results.Run(strategy, perClass, seed, 0.001, accuracy, 1.25, 2562, null);
    }

    private static Results sample() {
        Results r = new Results("demo").allAt(122);
        r.add(run("features", 5, 42, 0.60));
        r.add(run("features", 5, 43, 0.70));
        r.add(run("scratch", 5, 42, 0.50));
        r.add(run("features", 122, 42, 0.80));
        return r;
    }

    @Test
    void spreadOverSeeds() {
        Results.Spread s = sample().spread("features", 5);
        assertEquals(0.65, s.mean(), 1e-12);
        assertEquals(Math.sqrt(0.005), s.sd(), 1e-12);
        assertEquals(0.60, s.min(), 1e-12);
        assertEquals(0.70, s.max(), 1e-12);
        assertEquals(2, s.seeds());
        assertTrue(Double.isNaN(sample().spread("scratch", 5).sd()), "one seed has no standard deviation");
    }

    @Test
    void sizesStrategiesAndLabels() {
        Results r = sample();
        assertArrayEquals(new int[] {5, 122}, r.sizes());
        assertEquals(List.of("features", "scratch"), r.strategies());
        assertEquals("all", r.sizeLabel(122));
        assertEquals("5/class", r.sizeLabel(5));
    }

    @Test
    void aRunIsTrainedOnceAndNeverCountedTwice() {
        Results r = sample();
        Results.Run first = r.get("scratch", 5, 42);
        assertSame(first, r.runOnce("scratch", 5, 42, () -> { throw new AssertionError("trained again"); }));
        Results.Run added = r.runOnce("scratch", 5, 43, () -> run("scratch", 5, 43, 0.55));
        assertEquals(0.525, r.mean("scratch", 5), 1e-12);
        assertSame(added, r.get("scratch", 5, 43));
        assertThrows(IllegalArgumentException.class, () -> r.add(run("scratch", 5, 43, 0.9)));
    }

    @Test
    void missingRunsNameWhatIsThere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sample().get("full", 5, 42));
        assertTrue(e.getMessage().contains("full") && e.getMessage().contains("[features, scratch]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sample().spread("features", 30));
    }

    @Test
    void tablesPrintRoundedNumbers() {
        Table bySize = sample().bySize();
        assertEquals(3, bySize.rowCount());
        String printed = bySize.print();
        assertTrue(printed.contains("0.650"), printed);
        assertTrue(printed.contains("0.071"), printed);
        assertTrue(printed.contains("all"), printed);
        String runs = sample().table().print();
        assertTrue(runs.contains("0.001") && runs.contains("1.2") && !runs.contains("1.25"), runs);
    }
}
