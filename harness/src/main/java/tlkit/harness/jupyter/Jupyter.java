package tlkit.harness.jupyter;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The {@code jupyter} command: which kernelspecs are installed, and installing one. */
public final class Jupyter {

    /** An installed kernelspec: its name, resource folder and kernel.json. */
    public record InstalledSpec(String name, Path dir, JsonObject spec) {}

    private final String command;
    private final Map<String, String> environment;

    public Jupyter(String command, Map<String, String> environment) {
        this.command = command;
        this.environment = Map.copyOf(environment);
    }

    public static Jupyter onPath() {
        return new Jupyter(System.getenv().getOrDefault("TLKIT_JUPYTER", "jupyter"), Map.of());
    }

    public Map<String, InstalledSpec> kernelspecs() throws IOException {
        JsonObject all = JsonParser.parseString(run(List.of("kernelspec", "list", "--json"))).getAsJsonObject()
                .getAsJsonObject("kernelspecs");
        Map<String, InstalledSpec> out = new LinkedHashMap<>();
        for (String name : all.keySet()) {
            JsonObject entry = all.getAsJsonObject(name);
            out.put(name, new InstalledSpec(name, Path.of(entry.get("resource_dir").getAsString()), entry.getAsJsonObject("spec")));
        }
        return out;
    }

    /** Installs {@code spec} as kernelspec {@code name}: written to a temp folder, then {@link #install(Path, String, List)}. */
    public void install(JsonObject spec, String name, List<String> scope) throws IOException {
        Path dir = Files.createTempDirectory("tlkit-kernelspec-");
        try {
            Files.writeString(dir.resolve("kernel.json"),
                    new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n", StandardCharsets.UTF_8);
            install(dir, name, scope);
        } finally {
            Files.deleteIfExists(dir.resolve("kernel.json"));
            Files.deleteIfExists(dir);
        }
    }

    /** {@code jupyter kernelspec install --replace --name NAME [scope...] DIR}. */
    public void install(Path specDir, String name, List<String> scope) throws IOException {
        List<String> args = new ArrayList<>(List.of("kernelspec", "install", "--replace", "--name", name));
        args.addAll(scope);
        args.add(specDir.toString());
        run(args);
    }

    private String run(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(command);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(environment);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("'" + command + "' could not be started (" + e.getMessage() + "). Install Jupyter"
                    + " (README, 'Setup': conda env create -f environment.yml) or put it on PATH", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("'" + String.join(" ", cmd) + "' failed:\n" + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
        // jupyter may print warnings before the JSON
        int json = out.indexOf('{');
        return args.contains("--json") && json > 0 ? out.substring(json) : out;
    }
}
