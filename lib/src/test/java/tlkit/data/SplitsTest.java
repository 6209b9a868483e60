package tlkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** 3 classes of sizes 50, 30, 20, interleaved. */
    private static int[] labels() {
        return IntStream.range(0, 100).map(i -> i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2).toArray();
    }

    @Test
    void kShotTakesExactlyKPerClassAndIsSeedReproducible() {
        int[] y = labels();
        Splits.Split a = Splits.kShot(y, 5, 11);
        assertArrayEquals(new int[] {5, 5, 5}, Splits.counts(y, a.train()));
        assertArrayEquals(new int[] {45, 25, 15}, Splits.counts(y, a.test()));
        assertArrayEquals(a.train(), Splits.kShot(y, 5, 11).train());
        assertFalse(Arrays.equals(a.train(), Splits.kShot(y, 5, 12).train()));
        assertEquals(100, IntStream.concat(Arrays.stream(a.train()), Arrays.stream(a.test())).distinct().count());
        assertThrows(IllegalArgumentException.class, () -> Splits.kShot(y, 21, 1));
    }

    @Test
    void stratifiedSplitKeepsClassProportions() {
        int[] y = labels();
        Splits.Split s = Splits.stratified(y, 0.8, 3);
        assertArrayEquals(new int[] {40, 24, 16}, Splits.counts(y, s.train()));
        assertArrayEquals(new int[] {10, 6, 4}, Splits.counts(y, s.test()));
        assertArrayEquals(s.test(), Splits.stratified(y, 0.8, 3).test());
        assertFalse(Arrays.equals(s.test(), Splits.stratified(y, 0.8, 4).test()));
    }

    @Test
    void aShortClassIsAnErrorNamingTheClassAndTheCounts() {
        int[] y = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splits.kShot(y, java.util.List.of("ants", "bees"), 4, 1));
        assertEquals("class 'ants' has 3 examples, 4 asked; ask for at most 3 per class or add examples", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Splits.kShot(y, 4, 1)).getMessage()
                .startsWith("class 0 has 3 examples, 4 asked"));
        assertArrayEquals(new int[] {3, 3}, Splits.counts(y, Splits.kShot(y, 3, 1).train()));
    }

    @Test
    void kShotFromAPoolPicksOnlyPoolMembers() {
        int[] y = labels();
        int[] pool = IntStream.range(0, 100).filter(i -> i % 2 == 0).toArray();
        int[] chosen = Splits.kShotFrom(pool, y, java.util.List.of(), 4, 7);
        assertArrayEquals(new int[] {4, 4, 4}, Splits.counts(y, chosen));
        assertTrue(Arrays.stream(chosen).allMatch(i -> i % 2 == 0));
    }
}
