package tlkit.harness.jupyter;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * The kit's kernelspec, derived from an installed IJava-family kernelspec (IJava 1.3.0, conda-forge's
 * ijava 1.4.0, JJava): the same kernel, started with the settings the kit needs. Stock kernelspecs ship
 * no JVM options and an empty env, so DJL would run online and report usage.
 */
public final class KitKernelSpec {

    /** JVM flags every kit kernel gets; the heap follows the machine instead of the JVM's 25 % default. */
    public static final List<String> JVM_FLAGS = List.of(
            "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-XX:MaxRAMPercentage=50");
    public static final String DEFAULT_NAME = "tlkit";

    private KitKernelSpec() {}

    /**
     * @param base    the base kernelspec's kernel.json
     * @param baseDir its resource folder ({@code {resource_dir}} in argv points there, not at the new spec)
     */
    public static JsonObject derive(JsonObject base, Path baseDir, String baseName) {
        JsonArray baseArgv = base.getAsJsonArray("argv");
        if (baseArgv == null || baseArgv.isEmpty()) {
            throw new IllegalArgumentException("kernelspec '" + baseName + "' (" + baseDir + ") has no argv; reinstall that kernel");
        }
        String resourceDir = baseDir.toAbsolutePath().normalize().toString();
        JsonArray argv = new JsonArray();
        boolean startsJava = isJavaExecutable(baseArgv.get(0).getAsString());
        for (int i = 0; i < baseArgv.size(); i++) {
            argv.add(baseArgv.get(i).getAsString().replace("{resource_dir}", resourceDir));
            if (i == 0 && startsJava) {
                JVM_FLAGS.forEach(argv::add);
            }
        }
        JsonObject env = base.has("env") && base.get("env").isJsonObject() ? base.getAsJsonObject("env").deepCopy() : new JsonObject();
        env.addProperty("OPT_OUT_TRACKING", "true");
        String flags = String.join(" ", JVM_FLAGS);
        // JJava's launcher starts the kernel in a second JVM whose options come from JJAVA_JVM_OPTS
        env.addProperty("JJAVA_JVM_OPTS", join(flags, env, "JJAVA_JVM_OPTS"));
        if (!startsJava) { // a launcher script: the JVM it starts still reads JAVA_TOOL_OPTIONS
            env.addProperty("JAVA_TOOL_OPTIONS", join(flags, env, "JAVA_TOOL_OPTIONS"));
        }
        JsonObject spec = new JsonObject();
        spec.add("argv", argv);
        spec.addProperty("display_name", "tlkit: " + displayName(base, baseName));
        spec.addProperty("language", "java");
        if (base.has("interrupt_mode")) {
            spec.add("interrupt_mode", base.get("interrupt_mode"));
        }
        spec.add("env", env);
        JsonObject metadata = new JsonObject();
        JsonObject tlkit = new JsonObject();
        tlkit.addProperty("base", baseName);
        tlkit.addProperty("baseDir", resourceDir);
        metadata.add("tlkit", tlkit);
        spec.add("metadata", metadata);
        return spec;
    }

    /** An IJava-family kernel: a Java kernel started from an IJava or JJava jar or launcher. */
    public static boolean isJavaFamily(JsonObject spec) {
        JsonElement language = spec.get("language");
        if (language == null || !"java".equalsIgnoreCase(language.getAsString())) {
            return false;
        }
        if (spec.has("metadata") && spec.getAsJsonObject("metadata").has("tlkit")) {
            return false; // one of ours
        }
        String argv = spec.getAsJsonArray("argv").toString().toLowerCase();
        return argv.contains("ijava") || argv.contains("jjava");
    }

    private static String displayName(JsonObject base, String baseName) {
        return base.has("display_name") ? base.get("display_name").getAsString() : baseName;
    }

    private static boolean isJavaExecutable(String program) {
        String name = Path.of(program).getFileName().toString();
        return name.equals("java") || name.equals("java.exe");
    }

    private static String join(String flags, JsonObject env, String key) {
        return env.has(key) && !env.get(key).getAsString().isBlank() ? env.get(key).getAsString() + " " + flags : flags;
    }
}
