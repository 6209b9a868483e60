package tlkit.harness.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tlkit.harness.notebook.Multiline;

class NotebookRunnerTest {
    @TempDir
    static Path work;
    static RunResult features;

    @BeforeAll
    static void runFeatureNotebook() throws Exception {
        Path src = Path.of("src/test/resources/notebooks");
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : files.toList()) Files.copy(f, work.resolve(f.getFileName()));
        }
        buildJarAndClassesFolder();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("EPOCHS", "1");
        params.put("SEED", "9");
        params.put("LR", "0.01");
        params.put("SCALE", "2");
        params.put("AUGMENT", "true");
        params.put("MODEL", "a \"quoted\" name");
        params.put("BATCH", "64");
        features = run("features.ipynb", NotebookRunner.builder().parameters(params));
    }

    /** demo.Greeter in jars/greeter.jar (for %jars with a glob), demo2.Plain in classes/ (for %classpath). */
    private static void buildJarAndClassesFolder() throws IOException {
        Path srcDir = Files.createDirectories(work.resolve("gen-src"));
        Path greeter = Files.writeString(Files.createDirectories(srcDir.resolve("demo")).resolve("Greeter.java"),
                "package demo; public class Greeter { public String greet(String s) { return \"Hello \" + s; } }");
        Path plain = Files.writeString(Files.createDirectories(srcDir.resolve("demo2")).resolve("Plain.java"),
                "package demo2; public class Plain { public String name() { return \"plain\"; } }");
        Path jarClasses = work.resolve("gen-jar-classes");
        Path classes = work.resolve("classes");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", jarClasses.toString(), greeter.toString()));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), plain.toString()));
        Path jar = Files.createDirectories(work.resolve("jars")).resolve("greeter.jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(o)) {
            jos.putNextEntry(new JarEntry("demo/Greeter.class"));
            jos.write(Files.readAllBytes(jarClasses.resolve("demo/Greeter.class")));
            jos.closeEntry();
        }
    }

    private static RunResult run(String notebook, NotebookRunner.Builder builder) throws Exception {
        Path out = Files.createDirectories(work.resolve("out")).resolve(notebook);
        RunResult result = builder.build().run(work.resolve(notebook), out);
        assertSchemaValid(out);
        return result;
    }

    private static void assertSchemaValid(Path notebook) throws IOException {
        List<String> problems = NbformatV45Validator.validate(notebook);
        assertTrue(problems.isEmpty(), notebook + " violates the nbformat v4.5 schema: " + problems);
    }

    private static String plainText(CellResult cell, String outputType) {
        StringBuilder sb = new StringBuilder();
        for (var o : cell.outputs()) {
            JsonObject out = o.getAsJsonObject();
            if (outputType.equals(out.get("output_type").getAsString())) {
                out.getAsJsonObject("data").getAsJsonArray("text/plain").forEach(t -> sb.append(t.getAsString()));
            }
        }
        return sb.toString();
    }

    private static List<JsonObject> outputs(CellResult cell, String outputType) {
        List<JsonObject> found = new ArrayList<>();
        cell.outputs().forEach(o -> {
            if (outputType.equals(o.getAsJsonObject().get("output_type").getAsString())) found.add(o.getAsJsonObject());
        });
        return found;
    }

    private static BufferedImage png(JsonObject output) throws IOException {
        byte[] bytes = Base64.getDecoder().decode(output.getAsJsonObject("data").get("image/png").getAsString());
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    /** What broke labs 01 and 02 under IJava while this runner passed them: the kernel's own gson 2.8.5 comes first. */
    @Test
    void kernelsBundledGsonComesBeforeJarsAddedByTheNotebookAsInIJava() throws Exception {
        RunResult r = run("ijava-classpath.ipynb", NotebookRunner.builder().allowErrors(true));
        assertEquals(CellStatus.OK, r.cell(0).status(), "IJava accepts a %jars pattern that matches nothing");
        assertTrue(plainText(r.cell(1), "execute_result").contains("gson-2.8.5.jar"), () -> plainText(r.cell(1), "execute_result"));
        assertEquals(CellStatus.ERROR, r.cell(2).status(), "JsonParser.parseString does not exist in IJava's gson 2.8.5");
    }

    @Test
    void featureNotebookRunsEveryCodeCell() {
        assertTrue(features.succeeded(), () -> "unexpected failure: " + features.failure().map(RunFailure::describe).orElse(""));
        assertEquals(0, features.kernelExitCode());
    }

    @Test
    void executedNotebookRecordsWhatTheRunCost() {
        JsonObject run = readOutput(features).getAsJsonObject("metadata").getAsJsonObject(NotebookRunner.RUN_METADATA);
        assertNotNull(run, "no " + NotebookRunner.RUN_METADATA + " metadata");
        double wall = run.get("wall_seconds").getAsDouble();
        assertTrue(wall > 0 && wall <= features.elapsed().toMillis() / 1000.0 + 0.1, "wall seconds " + wall);
        long peak = run.get("peak_memory_mib").getAsLong();
        assertTrue(peak > 20 && peak < 4096, "a kernel JVM's peak resident memory in MiB, got " + peak);
        assertEquals("1", run.getAsJsonObject("parameters").get("EPOCHS").getAsString());
        assertEquals(Runtime.getRuntime().availableProcessors(), run.get("cpus").getAsInt());
    }

    @Test
    void parametersAreInjectedAfterTheParametersCellWithTheDeclaredTypes() {
        CellResult injected = features.cell(2);
        assertEquals(List.of("injected-parameters"), injected.tags());
        JsonObject nb = readOutput(features);
        String src = Multiline.text(nb.getAsJsonArray("cells").get(2).getAsJsonObject().get("source"));
        for (String decl : List.of("int EPOCHS = 1;", "long SEED = 9L;", "double LR = 0.01;", "float SCALE = 2.0f;",
                "boolean AUGMENT = true;", "String MODEL = \"a \\\"quoted\\\" name\";", "var BATCH = 64;")) {
            assertTrue(src.contains(decl), "injected cell lacks " + decl + ":\n" + src);
        }
        assertEquals("epochs=1 seed=9 lr=0.01 scale=2.0 augment=true model=a \"quoted\" name batch=64\n",
                features.cell(3).streamText("stdout"));
    }

    @Test
    void jarsGlobAndClasspathMagicsMakeClassesUsable() {
        assertEquals("Hello jar|plain", plainText(features.cell(4), "execute_result"));
    }

    @Test
    void mavenMagicResolvesGsonFromTheLocalRepository() {
        assertEquals("{\"k\":1}", plainText(features.cell(5), "execute_result"));
    }

    @Test
    void loadFromPomCellMagicResolvesItsDependencies() {
        assertEquals(CellStatus.OK, features.cell(6).status());
        assertTrue(features.cell(6).outputs().isEmpty(), "a magic renders nothing");
        assertEquals("onnx", plainText(features.cell(7), "execute_result"));
    }

    @Test
    void loadMagicEvaluatesTheFileAsSnippets() {
        assertEquals("42", plainText(features.cell(8), "execute_result"));
    }

    @Test
    void stdoutAndStderrAreStreamsAndTrailingVariableStatementIsRendered() {
        CellResult cell = features.cell(9);
        assertEquals("to stdout\n", cell.streamText("stdout"));
        assertEquals("to stderr\n", cell.streamText("stderr"));
        assertEquals("42", plainText(cell, "execute_result"));
        assertEquals(cell.executionCount(), outputs(cell, "execute_result").get(0).get("execution_count").getAsInt());
    }

    @Test
    void declarationAloneRendersNothing() {
        CellResult cell = features.cell(10);
        assertEquals(CellStatus.OK, cell.status());
        assertNotNull(cell.executionCount());
        assertTrue(cell.outputs().isEmpty(), "var declared = 1; must not render: " + cell.outputs());
    }

    @Test
    void bufferedImageRendersAsPngWithItsPixels() throws IOException {
        List<JsonObject> results = outputs(features.cell(11), "execute_result");
        assertEquals(1, results.size());
        BufferedImage img = png(results.get(0));
        assertEquals(12, img.getWidth());
        assertEquals(8, img.getHeight());
        assertEquals(0xff0000, img.getRGB(3, 2) & 0xffffff);
        assertTrue(results.get(0).getAsJsonObject("data").has("text/plain"));
    }

    @Test
    void displayWritesDisplayDataOutputsInOrder() throws IOException {
        CellResult cell = features.cell(12);
        List<JsonObject> displays = outputs(cell, "display_data");
        assertEquals(2, displays.size());
        assertEquals("displayed text", displays.get(0).getAsJsonObject("data").getAsJsonArray("text/plain").get(0).getAsString());
        BufferedImage img = png(displays.get(1));
        assertEquals(4, img.getWidth());
        assertEquals(6, img.getHeight());
        // as in IJava, `display(x);` is an expression: its display id is the cell's value
        assertTrue(plainText(cell, "execute_result").matches("[0-9a-f-]{36}"), plainText(cell, "execute_result"));
    }

    @Test
    void emptyCellIsNotExecutedAndProgressIsStoredAsItsLastFrameAsJupyterStoresIt() {
        assertNull(features.cell(13).executionCount());
        assertEquals(CellStatus.NOT_EXECUTED, features.cell(13).status());
        assertEquals("progress 3/3\n", features.cell(14).streamText("stdout"));
        assertEquals(CellStatus.NOT_CODE, features.cell(0).status());
    }

    @Test
    void executionCountsAreSequentialOverExecutedCells() {
        List<Integer> counts = features.cells().stream().map(CellResult::executionCount).filter(c -> c != null).toList();
        for (int i = 0; i < counts.size(); i++) assertEquals(i + 1, counts.get(i));
    }

    @Test
    void compileErrorStopsTheRunAndDefaultImportsExcludeJavaTime() throws Exception {
        RunResult r = run("compile-error.ipynb", NotebookRunner.builder());
        assertEquals(CellStatus.OK, r.cell(0).status());
        CellResult bad = r.cell(1);
        assertEquals(CellStatus.ERROR, bad.status());
        JsonObject error = outputs(bad, "error").get(0);
        assertEquals("CompilationException", error.get("ename").getAsString());
        String traceback = String.join("\n", toStrings(error.getAsJsonArray("traceback")));
        assertTrue(traceback.contains("LocalDate today = LocalDate.now();"), traceback);
        assertTrue(traceback.contains("cannot find symbol"), traceback);
        assertEquals(CellStatus.NOT_EXECUTED, r.cell(2).status());
        assertNull(r.cell(2).executionCount());
        RunFailure f = r.failure().orElseThrow();
        assertEquals(1, f.cellIndex());
        assertTrue(f.describe().contains("cell 1") && f.describe().contains("LocalDate today"), f.describe());
    }

    @Test
    void runtimeExceptionIsEvalExceptionAndCommandLineExitsNonZeroNamingTheCell() throws Exception {
        Path copy = Files.copy(work.resolve("runtime-error.ipynb"), work.resolve("runtime-error-inplace.ipynb"));
        String before = Files.readString(copy);
        int exit = RunMain.run(new String[] {copy.toString(), "--timeout", "60"});
        assertEquals(1, exit);
        assertSchemaValid(copy);
        assertFalse(before.equals(Files.readString(copy)), "default --out overwrites the notebook in place");
        JsonObject nb = JsonParser.parseString(Files.readString(copy)).getAsJsonObject();
        JsonObject error = nb.getAsJsonArray("cells").get(1).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject();
        assertEquals("EvalException", error.get("ename").getAsString());
        assertEquals("model not loaded", error.get("evalue").getAsString());
        assertTrue(error.getAsJsonArray("traceback").get(0).getAsString().startsWith("java.lang.IllegalStateException: model not loaded"));
        assertEquals(0, nb.getAsJsonArray("cells").get(2).getAsJsonObject().getAsJsonArray("outputs").size());
    }

    @Test
    void allowErrorsContinuesAndExtraCellsShareTheSession() throws Exception {
        RunResult r = run("runtime-error.ipynb", NotebookRunner.builder().allowErrors(true)
                .extraCells(List.of("a.length")));
        assertEquals(CellStatus.ERROR, r.cell(1).status());
        assertEquals("after\n", r.cell(2).streamText("stdout"));
        CellResult extra = r.cell(3);
        assertTrue(extra.extra());
        assertEquals("2", plainText(extra, "execute_result"), "extra cell sees the notebook's variables");
        assertEquals(1, r.failure().orElseThrow().cellIndex());
    }

    @Test
    void infiniteLoopTimesOutKillsTheKernelAndIsReported() throws Exception {
        long start = System.nanoTime();
        RunResult r = run("timeout.ipynb", NotebookRunner.builder().cellTimeout(Duration.ofSeconds(2)));
        assertTrue(System.nanoTime() - start < 30e9, "timeout must end the run promptly");
        assertEquals("start\n", r.cell(0).streamText("stdout"));
        assertEquals(CellStatus.TIMEOUT, r.cell(1).status());
        assertEquals("EvaluationTimeoutException", outputs(r.cell(1), "error").get(0).get("ename").getAsString());
        assertEquals(CellStatus.NOT_EXECUTED, r.cell(2).status());
        assertEquals(CellStatus.TIMEOUT, r.failure().orElseThrow().status());
    }

    @Test
    void systemExitInACellIsReportedAsKernelDeath() throws Exception {
        RunResult r = run("system-exit.ipynb", NotebookRunner.builder());
        CellResult cell = r.cell(0);
        assertEquals(CellStatus.KERNEL_DIED, cell.status());
        assertEquals("bye\n", cell.streamText("stdout"));
        assertEquals("KernelDiedException", outputs(cell, "error").get(0).get("ename").getAsString());
        assertEquals(CellStatus.NOT_EXECUTED, r.cell(1).status());
        assertFalse(r.succeeded());
    }

    @Test
    void unsupportedCellMagicIsAClearError() throws Exception {
        RunResult r = run("unknown-magic.ipynb", NotebookRunner.builder());
        JsonObject error = outputs(r.cell(0), "error").get(0);
        assertTrue(error.get("evalue").getAsString().contains("%%bash"), error.toString());
    }

    @Test
    void unknownParameterNameIsRejectedListingTheDeclaredOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NotebookRunner.builder()
                .parameter("EPOCH", "2").build().run(work.resolve("features.ipynb"), work.resolve("never.ipynb")));
        assertTrue(e.getMessage().contains("EPOCH'") && e.getMessage().contains("EPOCHS") && e.getMessage().contains("MODEL"), e.getMessage());
        assertFalse(Files.exists(work.resolve("never.ipynb")));
    }

    @Test
    void parameterValueOfTheWrongTypeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NotebookRunner.builder()
                .parameter("EPOCHS", "many").build().run(work.resolve("features.ipynb"), work.resolve("never.ipynb")));
        assertTrue(e.getMessage().contains("EPOCHS") && e.getMessage().contains("int"), e.getMessage());
    }

    @Test
    void validatorRejectsACodeCellWithoutExecutionCountOrWithAnUnknownOutputKey() throws IOException {
        JsonObject nb = readOutput(features);
        JsonObject cell = nb.getAsJsonArray("cells").get(9).getAsJsonObject();
        cell.remove("execution_count");
        cell.getAsJsonArray("outputs").get(0).getAsJsonObject().addProperty("transient", "x");
        Path broken = work.resolve("broken.ipynb");
        Files.writeString(broken, nb.toString());
        List<String> problems = NbformatV45Validator.validate(broken);
        assertTrue(problems.stream().anyMatch(p -> p.contains("execution_count")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("transient")), problems.toString());
    }

    private static JsonObject readOutput(RunResult r) {
        try {
            return JsonParser.parseString(Files.readString(r.output())).getAsJsonObject();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> toStrings(JsonArray array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.getAsString()));
        return out;
    }
}
