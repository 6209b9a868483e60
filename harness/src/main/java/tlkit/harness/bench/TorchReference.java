package tlkit.harness.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch twin of workloads 1-3: {@code python3 bench/pytorch/run_workload.py}. The interpreter is
 * {@code $TLKIT_PYTHON}, else the first of {@code python3} and {@code /usr/bin/python3} (Debian's
 * python3-torch, when a pyenv/conda python3 comes first on the PATH) that can import torch.
 */
final class TorchReference {

    /**
     * Prints "version|blas": the torch version and the BLAS library the process mapped for a matrix
     * product. Debian's python3-torch links the system libblas.so.3, which is the unoptimised netlib
     * reference unless an OpenBLAS package provides it; that made MiniLM 30x slower in PyTorch.
     */
    private static final String PROBE = String.join("\n",
            "import re, numpy, torch",
            "torch.ones(64, 64) @ torch.ones(64, 64)",
            "m = re.search(r'BLAS_INFO=(\\w+)', torch.__config__.show())",
            "blas = m.group(1) if m else '?'",
            "if blas == 'generic':",
            "    libs = sorted({'/'.join(l.split()[-1].split('/')[-2:]) for l in open('/proc/self/maps')",
            "                   if l.split()[-1].rsplit('/', 1)[-1].startswith('libblas.so')})",
            "    blas = 'system ' + ', '.join(libs)",
            "print(torch.__version__ + '|' + blas)");

    /** Where Debian puts the netlib reference BLAS (the alternative with the lowest priority). */
    static final String NETLIB_BLAS = "blas/libblas.so.3";

    private final String python;
    private final String version;
    private final String blas;

    private TorchReference(String python, String version, String blas) {
        this.python = python;
        this.version = version;
        this.blas = blas;
    }

    /** The reference, or null when no interpreter here imports torch. */
    static TorchReference find() {
        String configured = System.getenv("TLKIT_PYTHON");
        List<String> candidates = configured != null && !configured.isBlank() ? List.of(configured)
                : List.of("python3", "/usr/bin/python3");
        for (String python : candidates) {
            String v = probe(python);
            if (v != null) {
                String[] parts = v.split("\\|", 2);
                return new TorchReference(python, parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return null;
    }

    String describe() {
        return "PyTorch " + version + " (" + python + "), BLAS " + blas;
    }

    /** A warning when the reference would be crippled by the netlib BLAS, else null. */
    String blasWarning() {
        if (!blas.contains(" " + NETLIB_BLAS)) {
            return null;
        }
        return "this PyTorch uses the netlib reference BLAS (" + blas + "): its matrix products are ~30x slower"
                + " than with OpenBLAS, so the MiniLM comparison would flatter the kit. Install an optimised one"
                + " (Debian: apt-get install libopenblas0-pthread) and run the bench again.";
    }

    private static String probe(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", PROBE)
                    .redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.exitValue() == 0 ? out.lines().reduce((a, b) -> b).orElse("?") : null;
        } catch (Exception e) {
            return null;
        }
    }

    List<String> command(Path root, Workload w, Path inputs, Scale scale, int threads) {
        int batch;
        int items;
        switch (w) {
            case RESNET20_TRAIN -> {
                batch = scale.resnetBatch;
                items = scale.resnetTrainImages;
            }
            case RESNET20_FROZEN -> {
                batch = scale.resnetBatch;
                items = scale.resnetFrozenImages;
            }
            case MINILM_TRAIN -> {
                batch = scale.bertBatch;
                items = scale.bertTrainSentences;
            }
            case MINILM_FROZEN -> {
                batch = scale.bertBatch;
                items = scale.bertFrozenSentences;
            }
            default -> throw new IllegalArgumentException(w.id() + " has no PyTorch twin");
        }
        // torch.set_num_threads does not reach OpenBLAS's own pool, which Debian's torch uses for matmul
        return List.of("env", "OPENBLAS_NUM_THREADS=" + threads, python,
                root.resolve("bench").resolve("pytorch").resolve("run_workload.py").toString(), w.id(), inputs.toString(), "--threads", Integer.toString(threads), "--batch", Integer.toString(batch),
                "--items", Integer.toString(items), "--timed-epochs", Integer.toString(scale.timedEpochs));
    }
}
