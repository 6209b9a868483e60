package tlkit.harness.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kernel core as the grader configures it: only the classpath magics, outputs and display recorded per cell. */
class KernelSessionTest {
    private final PrintStream realOut = System.out;
    private final PrintStream realErr = System.err;
    private OutputCapture capture;
    private KernelSession session;

    @BeforeEach
    void start() {
        capture = new OutputCapture(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        capture.install();
        session = new KernelSession(KernelSession.Engine.local(), KernelSession.Magics.CLASSPATH_ONLY,
                List.of(), List.of(), capture.out(), capture.err());
    }

    @AfterEach
    void stop() {
        session.close();
        System.setOut(realOut);
        System.setErr(realErr);
    }

    private List<CellOutcome.Output> run(String source) throws CellFailure {
        CellRecorder recorder = capture.begin();
        try {
            session.runCell(source);
        } finally {
            capture.end();
        }
        return recorder.snapshot();
    }

    @Test
    void displayRendersImagesAsTheRunnerDoesAndOtherMagicsAreSkipped() throws CellFailure {
        List<CellOutcome.Output> outputs = run("""
                %maven org.example:not-there:1.0
                System.out.println("before");
                display(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB));
                System.err.print("after");
                """);
        assertEquals(List.of("stream", "display_data", "stream"), outputs.stream().map(CellOutcome.Output::type).toList());
        assertEquals("before\n", outputs.get(0).text());
        assertTrue(outputs.get(1).data().containsKey("image/png"), outputs.get(1).data().toString());
        assertEquals("stderr", outputs.get(2).streamName());
    }

    @Test
    void aFailingCellReportsTheExceptionAndKeepsTheSnippetsItMadeBefore() {
        CellFailure f = assertThrows(CellFailure.class, () -> run("""
                int made = 1;
                if (made == 1) throw new IllegalStateException("no model loaded");
                int never = 2;
                """));
        assertEquals("java.lang.IllegalStateException: no model loaded", f.summary());
        List<String> sources = session.snippetsOfLastCell().stream().map(s -> s.source().strip()).toList();
        assertTrue(sources.contains("int made = 1;"), sources.toString());
        assertTrue(sources.stream().noneMatch(s -> s.contains("never")), sources.toString());
    }

    @Test
    void aCompilationErrorSummaryNamesTheProblem() {
        CellFailure f = assertThrows(CellFailure.class, () -> run("int x = \"text\";"));
        assertTrue(f.summary().contains("incompatible types"), f.summary());
    }
}
