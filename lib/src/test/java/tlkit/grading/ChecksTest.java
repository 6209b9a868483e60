package tlkit.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChecksTest {

    private final PrintStream realOut = System.out;
    private final PrintStream realErr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(realOut);
        System.setErr(realErr);
    }

    @Test
    void passingAndFailingChecksAddUpAndPrintHintsOnStdoutOnly() {
        Task t = Checks.task("t1", 3);
        t.check("true holds", 1, () -> true, "never shown");
        t.check("false fails", 2, () -> false, "flip it");
        assertEquals(1.0, t.score());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("[PASS] true holds (1/1)"), printed);
        assertTrue(printed.contains("[FAIL] false fails (0/2): flip it"), printed);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exceptionInACheckCostsOnlyThatCheckAndNamesTheTodo() {
        Task t = Checks.task("t2", 2);
        t.check("todo", 1, () -> {
            throw new UnsupportedOperationException("TODO");
        }, "implement task 2");
        t.check("other", 1, () -> true, "");
        assertEquals(1.0, t.score());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("not implemented yet"));
    }

    @Test
    void atLeastGivesLinearPartialCreditBetweenZeroAtAndBar() {
        Task t = Checks.task("t3", 10);
        t.atLeast("acc", 4, () -> 0.7, 0.8, 0.6, "train longer");
        assertEquals(2.0, t.score(), 1e-9);
        t.atLeast("acc2", 4, () -> 0.95, 0.8, 0.6, "");
        t.atLeast("acc3", 2, () -> Double.NaN, 0.8, 0.6, "");
        assertEquals(6.0, t.score(), 1e-9);
    }

    @Test
    void scoreIsCappedAtTheTaskPoints() {
        Task t = Checks.task("t4", 1);
        t.check("a", 1, () -> true, "").check("b", 1, () -> true, "");
        assertEquals(1.0, t.score());
    }

    @Test
    void recorderBindsOnlyTheFirstTaskOfItsGradeIdAndSealsAVerifiableLine() {
        Recorder r = Recorder.open("g1", 2);
        Task bound = Checks.task("g1", 2);
        Task intruder = Checks.task("g1", 100);
        intruder.check("fake", 100, () -> true, "");
        bound.check("real", 2, () -> false, "no");
        assertEquals(0.0, r.points());
        String key = "00112233445566778899aabbccddeeff";
        String line = r.seal("n0nce", key);
        String body = Recorder.body("n0nce", "g1", 0, 2);
        assertEquals(Recorder.RESULT_PREFIX + body + " " + Recorder.mac(key, body), line);
        assertNotEquals(Recorder.mac(key, body), Recorder.mac("ffeeddccbbaa99887766554433221100", body));
    }

    @Test
    void recorderWithoutABoundTaskScoresZero() {
        Recorder r = Recorder.open("g2", 3);
        Checks.task("other-id", 3).check("x", 3, () -> true, "");
        assertEquals(0.0, r.points());
        assertFalse(r.seal("n", "00").isEmpty());
    }
}
