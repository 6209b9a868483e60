package tlkit.harness.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tlkit.harness.runner.NbformatV45Validator;
import tlkit.harness.runner.RunResult;

/**
 * Executes every lab notebook (notebooks/*.ipynb and the "your turn" solutions in solutions/labs)
 * headless in smoke mode, as CI and students' "./kit test" do. Homework notebooks are exercised
 * through the grader instead: their student versions stop at TODO cells by design.
 */
class LabNotebooksTest {

    static final Path ROOT = SmokeRuns.ROOT;

    static Stream<Path> labNotebooks() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path dir : List.of(ROOT.resolve("notebooks"), ROOT.resolve("solutions/labs"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.toString().endsWith(".ipynb")).sorted().forEach(all::add);
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labNotebooks")
    void runsHeadlessInSmokeMode(Path notebook) throws Exception {
        RunResult result = SmokeRuns.of(notebook);
        assertTrue(result.succeeded(), () -> notebook + ": " + result.failure().map(f -> f.describe()).orElse("failed"));
        assertEquals(List.of(), NbformatV45Validator.validate(result.output()), "executed notebook is not valid nbformat 4.5");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labNotebooks")
    void committedCopyFollowsTheConventions(Path notebook) throws IOException {
        JsonObject nb = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        assertEquals("java", nb.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("language").getAsString(),
                notebook + ": kernelspec language must be java");
        boolean hasParameters = false;
        for (JsonElement c : nb.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            JsonObject meta = cell.getAsJsonObject("metadata");
            if (meta != null && meta.has("tags") && meta.get("tags").toString().contains("\"parameters\"")) {
                hasParameters = true;
            }
            if (cell.has("outputs")) {
                for (JsonElement o : cell.getAsJsonArray("outputs")) {
                    assertTrue(!"error".equals(o.getAsJsonObject().get("output_type").getAsString()),
                            notebook + ": the committed copy has a stored error output; re-run it with ./kit run");
                    assertTrue(!o.toString().contains("java.io.PrintStream@"), notebook + ": a cell shows"
                            + " java.io.PrintStream@..., the value of a trailing System.out.printf (the kernel displays"
                            + " a cell's last expression); end it with System.out.print(String.format(...)) instead");
                }
            }
        }
        assertTrue(hasParameters, notebook + ": needs a cell tagged 'parameters' declaring at least SMOKE");
        assertEquals(List.of(), NbformatV45Validator.validate(notebook), "committed notebook is not valid nbformat 4.5");
    }
}
