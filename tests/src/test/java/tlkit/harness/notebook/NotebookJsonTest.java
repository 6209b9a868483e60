package tlkit.harness.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tlkit.harness.release.Release;

/** The one notebook writer stores notebooks byte for byte as they are committed (and as Jupyter saves them). */
class NotebookJsonTest {
    static final Path ROOT = Path.of(System.getProperty("tlkit.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void everyCommittedNotebookRoundTripsToTheSameBytes() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> s = Stream.concat(Files.walk(ROOT.resolve("notebooks")), Files.walk(ROOT.resolve("solutions")))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb") && !p.toString().contains(".ipynb_checkpoints")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 9, "found only " + notebooks);
        for (Path file : notebooks) {
            Path copy = work.resolve(file.getFileName());
            Notebook.read(file).write(copy);
            assertEquals(Files.readString(file), Files.readString(copy), file + " changed on a read/write round trip");
        }
    }

    @Test
    void writesWithJupytersOneSpaceIndentAndKeepsNonAsciiAndHtmlCharacters() {
        Notebook nb = Notebook.parse("{\"cells\": [{\"cell_type\": \"markdown\", \"metadata\": {}, "
                + "\"source\": [\"α < β & 'γ'\"]}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        assertEquals("""
                {
                 "cells": [
                  {
                   "cell_type": "markdown",
                   "metadata": {},
                   "source": [
                    "α < β & 'γ'"
                   ]
                  }
                 ],
                 "metadata": {},
                 "nbformat": 4,
                 "nbformat_minor": 5
                }
                """, nb.toText());
    }

    @Test
    void progressBarFramesAreStoredAsTheirLastFrame() {
        Notebook nb = Notebook.parse("{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": 1, \"metadata\": {}, "
                + "\"outputs\": [{\"name\": \"stdout\", \"output_type\": \"stream\", \"text\": [\"\\repoch 1/2\\repoch 2/2\\n\", \"done\\n\"]}], "
                + "\"source\": []}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        String text = nb.toText();
        assertFalse(text.contains("epoch 1/2"), text);
        assertTrue(text.contains("\"epoch 2/2\\n\",\n      \"done\\n\""), text);
    }

    @Test
    void writingReplacesTheFileInOneStepAndLeavesNoTemporaryFile() throws IOException {
        Path target = work.resolve("out.ipynb");
        Files.writeString(target, "old");
        Notebook nb = Notebook.parse("{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        nb.write(target);
        assertEquals(nb.toText(), Files.readString(target));
        try (Stream<Path> s = Files.list(work)) {
            assertEquals(List.of(target), s.toList());
        }
    }

    @Test
    void releaseWritesStudentNotebooksInTheSameFormat() throws IOException {
        Path solution = Release.solutionNotebooks(ROOT).get(0);
        Notebook student = Release.studentVersion(Notebook.read(solution), solution.getFileName().toString());
        String released = Files.readString(Release.studentPath(ROOT, solution));
        assertEquals(student.toText(), released, "run ./kit release");
        assertTrue(released.startsWith("{\n \"cells\": [\n  {\n"), "1-space indent");
        assertEquals(released, Notebook.parse(released).toText(), "the released file round-trips");
    }
}
