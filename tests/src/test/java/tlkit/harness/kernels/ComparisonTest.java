package tlkit.harness.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    @Test
    void decimalsAgreeWithinTheToleranceWholeNumbersExactly() {
        assertTrue(Comparison.agree("1.3247", "1.3313"), "the drift one CI run showed after seeded training");
        assertTrue(Comparison.agree("0.500", "0.521"), "one test example in 48");
        assertFalse(Comparison.agree("0.500", "0.600"));
        assertFalse(Comparison.agree("8", "9"), "counts must be equal");
        assertFalse(Comparison.agree("64", "64.5"));
        assertTrue(Comparison.agree("1e-04", "1e-04"));
        assertFalse(Comparison.agree("120.0", "125.0"), "2 % of 125 is 2.5");
    }

    @Test
    void timingsRatesAndMemoryAreNotCompared() {
        List<String> numbers = Comparison.stableNumbers(
                "epoch 1/3  loss 0.2131  acc 0.958  3.8s\nencoded 80 sentences in 1.1 s (76 sentences/s)\nheap 512 MB");
        assertEquals(List.of("1", "3", "0.2131", "0.958", "80"), numbers);
    }
}
