package tlkit.harness.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MarkersTest {

    @Test
    void solutionRegionBecomesAnIndentedTodoStub() {
        String src = "int f() {\n    // BEGIN SOLUTION\n    return 42;\n    // END SOLUTION\n}";
        assertEquals("int f() {\n    // YOUR CODE HERE\n    throw new UnsupportedOperationException(\"TODO\");\n}",
                Markers.studentVersion(src, true, "t"));
    }

    @Test
    void hiddenTestsDisappearAndVisibleChecksStay() {
        String src = "t.check(a);\n// BEGIN HIDDEN TESTS\nt.check(secret);\n// END HIDDEN TESTS\nt.done();";
        String student = Markers.studentVersion(src, true, "t");
        assertEquals("t.check(a);\nt.done();", student);
        assertFalse(student.contains("secret"));
        assertEquals("t.check(a);\nt.check(secret);\nt.done();", Markers.withoutMarkerLines(src));
    }

    @Test
    void markdownAnswerBecomesAnswerStub() {
        String src = "Why?\n<!-- BEGIN SOLUTION -->\nBecause.\n<!-- END SOLUTION -->";
        assertEquals("Why?\nYOUR ANSWER HERE", Markers.studentVersion(src, false, "t"));
    }

    @Test
    void unbalancedMarkersAreRejectedWithTheirLocation() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Markers.studentVersion("// BEGIN SOLUTION\nx();", true, "hw9.ipynb, cell 3"));
        assertTrue(e.getMessage().contains("hw9.ipynb, cell 3") && e.getMessage().contains("never closed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Markers.studentVersion("// END HIDDEN TESTS", true, "t"));
        assertThrows(IllegalArgumentException.class,
                () -> Markers.studentVersion("// BEGIN SOLUTION\n// BEGIN HIDDEN TESTS\n", true, "t"));
    }
}
