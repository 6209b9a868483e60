package tlkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClaimsTest {

    @Test
    void aClaimThatFailsStopsWithTheClaim() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Claims.check(0.51 > 0.6, "features (%.3f) beat the majority class (%.3f)", 0.51, 0.6));
        assertEquals("Claim not supported by this run: features (0.510) beat the majority class (0.600)", e.getMessage());
        Claims.check(true, "a claim that holds prints and returns");
    }
}
