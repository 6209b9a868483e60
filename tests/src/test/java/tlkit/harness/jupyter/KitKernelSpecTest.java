package tlkit.harness.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KitKernelSpecTest {

    private static final JsonObject IJAVA = JsonParser.parseString("""
            {"argv": ["java", "-jar", "{resource_dir}/ijava-1.3.0.jar", "{connection_file}"],
             "display_name": "Java", "language": "java", "interrupt_mode": "message", "env": {}}""").getAsJsonObject();
    private static final JsonObject JJAVA = JsonParser.parseString("""
            {"argv": ["java", "-jar", "{resource_dir}/jjava-launcher.jar", "{resource_dir}/jjava.jar", "{connection_file}"],
             "display_name": "Java (JJava)", "language": "java", "env": {"JJAVA_JVM_OPTS": "-Xss4m"}}""").getAsJsonObject();

    private static List<String> argv(JsonObject spec) {
        List<String> out = new ArrayList<>();
        spec.getAsJsonArray("argv").forEach(a -> out.add(a.getAsString()));
        return out;
    }

    @Test
    void ijavaJvmStartsWithTheKitsFlagsAndPointsAtTheBaseKernelsJar() {
        JsonObject spec = KitKernelSpec.derive(IJAVA, Path.of("/k/ijava"), "java");
        List<String> argv = argv(spec);
        assertEquals("java", argv.get(0));
        assertEquals(KitKernelSpec.JVM_FLAGS, argv.subList(1, 1 + KitKernelSpec.JVM_FLAGS.size()));
        assertTrue(argv.contains("/k/ijava/ijava-1.3.0.jar"), argv::toString);
        assertEquals("{connection_file}", argv.get(argv.size() - 1));
        assertEquals("true", spec.getAsJsonObject("env").get("OPT_OUT_TRACKING").getAsString());
        assertEquals("message", spec.get("interrupt_mode").getAsString());
    }

    @Test
    void jjavaKernelJvmGetsTheFlagsThroughItsLauncherKeepingTheUsersOptions() {
        JsonObject env = KitKernelSpec.derive(JJAVA, Path.of("/k/jjava"), "jjava").getAsJsonObject("env");
        String opts = env.get("JJAVA_JVM_OPTS").getAsString();
        assertTrue(opts.startsWith("-Xss4m "), opts);
        KitKernelSpec.JVM_FLAGS.forEach(f -> assertTrue(opts.contains(f), opts));
    }

    @Test
    void aLauncherScriptGetsTheFlagsThroughJavaToolOptions() {
        JsonObject script = JsonParser.parseString("""
                {"argv": ["/opt/ijava/bin/ijava-launch", "{connection_file}"], "display_name": "Java", "language": "java"}""")
                .getAsJsonObject();
        JsonObject spec = KitKernelSpec.derive(script, Path.of("/opt/ijava"), "java");
        assertEquals(List.of("/opt/ijava/bin/ijava-launch", "{connection_file}"), argv(spec));
        assertTrue(spec.getAsJsonObject("env").get("JAVA_TOOL_OPTIONS").getAsString().contains("-Dai.djl.offline=true"));
    }

    @Test
    void onlyIJavaFamilyKernelsThatAreNotOursQualifyAsBase() {
        assertTrue(KitKernelSpec.isJavaFamily(IJAVA));
        assertTrue(KitKernelSpec.isJavaFamily(JJAVA));
        assertFalse(KitKernelSpec.isJavaFamily(KitKernelSpec.derive(IJAVA, Path.of("/k"), "java")));
        assertFalse(KitKernelSpec.isJavaFamily(JsonParser.parseString(
                "{\"argv\": [\"python3\", \"-m\", \"ipykernel\"], \"language\": \"python\"}").getAsJsonObject()));
    }
}
