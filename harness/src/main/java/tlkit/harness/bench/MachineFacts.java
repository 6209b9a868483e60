package tlkit.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The machine a bench result belongs to: its CPU and the environment variables that change how the
 * engines run (thread pools, BLAS kernels, oneDNN dispatch).
 *
 * @param cpuModel "model name" from /proc/cpuinfo, or "unknown"
 * @param cpus the CPUs this process may use (what both engines size their thread pools by)
 * @param processors the processors /proc/cpuinfo lists (0 when unknown); more than {@code cpus} under a CPU limit
 * @param simdFlags those of {@link #SIMD_FLAGS} the CPU has, in that order; null when /proc/cpuinfo lists no flags
 * @param engineSettings NAME=value of every engine variable set, sorted by name
 */
record MachineFacts(String cpuModel, int cpus, int processors, List<String> simdFlags, List<String> engineSettings) {

    static final String UNKNOWN = "unknown";

    /** The instruction sets that decide which convolution and matrix kernels the engines pick. */
    static final List<String> SIMD_FLAGS = List.of("avx2", "avx512f", "avx512_bf16", "avx512_vnni", "amx_tile");

    /**
     * Variables read by OpenBLAS, OpenMP (GNU and Intel), MKL and oneDNN; ATEN_CPU_CAPABILITY caps
     * libtorch's own vectorised kernels.
     */
    static final List<String> ENGINE_PREFIXES = List.of("OPENBLAS_", "OMP_", "MKL_", "ONEDNN_", "DNNL_", "GOMP_",
            "KMP_", "ATEN_CPU_CAPABILITY");

    /** This machine, now. */
    static MachineFacts here() {
        String cpuinfo;
        try {
            cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            cpuinfo = "";
        }
        return parse(cpuinfo, Runtime.getRuntime().availableProcessors(), System.getenv());
    }

    static MachineFacts parse(String cpuinfo, int cpus, Map<String, String> environment) {
        return new MachineFacts(cpuModel(cpuinfo), cpus, processors(cpuinfo), simdFlags(cpuinfo),
                engineSettings(environment));
    }

    static String cpuModel(String cpuinfo) {
        return field(cpuinfo, "model name").orElse(UNKNOWN);
    }

    static int processors(String cpuinfo) {
        return (int) cpuinfo.lines().filter(l -> key(l).equals("processor")).count();
    }

    /** Those of {@link #SIMD_FLAGS} in the first "flags" line, or null when there is none. */
    static List<String> simdFlags(String cpuinfo) {
        return field(cpuinfo, "flags").map(flags -> {
            Set<String> present = Arrays.stream(flags.split("\\s+")).collect(Collectors.toSet());
            return SIMD_FLAGS.stream().filter(present::contains).toList();
        }).orElse(null);
    }

    static List<String> engineSettings(Map<String, String> environment) {
        return environment.entrySet().stream()
                .filter(e -> ENGINE_PREFIXES.stream().anyMatch(p -> e.getKey().startsWith(p)))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
    }

    /** "AMD EPYC, 2 CPUs; SIMD: avx2 avx512f (no avx512_bf16, ...)". */
    String describeCpu() {
        String count = cpus + (cpus == 1 ? " CPU" : " CPUs")
                + (processors > cpus ? " (of " + processors + " in /proc/cpuinfo)" : "");
        String simd;
        if (simdFlags == null) {
            simd = UNKNOWN;
        } else {
            List<String> missing = SIMD_FLAGS.stream().filter(f -> !simdFlags.contains(f)).toList();
            simd = (simdFlags.isEmpty() ? "none" : String.join(" ", simdFlags))
                    + (missing.isEmpty() || simdFlags.isEmpty() ? "" : " (no " + String.join(", ", missing) + ")");
            if (simdFlags.isEmpty()) {
                simd += " of " + String.join(", ", SIMD_FLAGS);
            }
        }
        return cpuModel + ", " + count + "; SIMD: " + simd;
    }

    /** "OMP_NUM_THREADS=2, OPENBLAS_CORETYPE=Haswell" or "none". */
    String describeEngineSettings() {
        return engineSettings.isEmpty() ? "none" : String.join(", ", engineSettings);
    }

    private static java.util.Optional<String> field(String cpuinfo, String name) {
        return cpuinfo.lines().filter(l -> key(l).equals(name)).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).filter(v -> !v.isEmpty());
    }

    private static String key(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(0, colon).strip();
    }
}
