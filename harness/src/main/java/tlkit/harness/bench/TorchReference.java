package tlkit.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch twin of workloads 1-3: {@code python3 bench/pytorch/run_workload.py}. The interpreter is
 * {@code $TLKIT_PYTHON}, else the first of {@code python3} and {@code /usr/bin/python3} (Debian's
 * python3-torch, when a pyenv/conda python3 comes first on the PATH) that can import torch.
 */
final class TorchReference {

    private static final String PROBE_LINE = "TORCH-PROBE ";

    /**
     * Prints the build configuration and then "TORCH-PROBE version|blas": the torch version and the BLAS
     * library the process mapped for a matrix product. Debian's python3-torch links the system
     * libblas.so.3, which is the unoptimised netlib reference unless an OpenBLAS package provides it; that
     * made MiniLM 30x slower in PyTorch. In between, one ResNet-20-sized convolution (batch > 1, so torch
     * hands it to oneDNN) makes oneDNN print its version, ISA and chosen implementation, as the probe runs
     * with {@link OneDnnFacts#VERBOSE}; a torch without oneDNN must still pass, hence the try.
     */
    private static final String PROBE = String.join("\n",
            "import re, sys, numpy, torch",
            "torch.ones(64, 64) @ torch.ones(64, 64)",
            "config = torch.__config__.show()",
            "m = re.search(r'BLAS_INFO=(\\w+)', config)",
            "blas = m.group(1) if m else '?'",
            "if blas == 'generic':",
            "    libs = sorted({'/'.join(l.split()[-1].split('/')[-2:]) for l in open('/proc/self/maps')",
            "                   if l.split()[-1].rsplit('/', 1)[-1].startswith('libblas.so')})",
            "    blas = 'system ' + ', '.join(libs)",
            "try:",
            "    with torch.no_grad():",
            "        torch.nn.functional.conv2d(torch.ones(8, 16, 32, 32), torch.ones(16, 16, 3, 3), padding=1)",
            "except Exception as e:",
            "    print('convolution failed:', e)",
            "sys.stdout.flush()",
            "print(config)",
            "print('" + PROBE_LINE + "' + torch.__version__ + '|' + blas)");

    private static final Pattern CPU_CAPABILITY = Pattern.compile("CPU capability usage: (\\S+)");

    /** Where Debian puts the netlib reference BLAS (the alternative with the lowest priority). */
    static final String NETLIB_BLAS = "blas/libblas.so.3";

    private final String python;
    private final EngineFacts facts;

    private TorchReference(String python, EngineFacts facts) {
        this.python = python;
        this.facts = facts;
    }

    /** The reference, or null when no interpreter here imports torch. */
    static TorchReference find() {
        String configured = System.getenv("TLKIT_PYTHON");
        List<String> candidates = configured != null && !configured.isBlank() ? List.of(configured)
                : List.of("python3", "/usr/bin/python3");
        for (String python : candidates) {
            EngineFacts facts = parseProbe(probe(python));
            if (facts != null) {
                return new TorchReference(python, facts);
            }
        }
        return null;
    }

    /** The engine the probe's output describes, or null when the probe did not get to its last line. */
    static EngineFacts parseProbe(String output) {
        if (output == null) {
            return null;
        }
        Optional<String> line = output.lines().filter(l -> l.startsWith(PROBE_LINE)).reduce((a, b) -> b);
        if (line.isEmpty()) {
            return null;
        }
        String[] parts = line.get().substring(PROBE_LINE.length()).strip().split("\\|", 2);
        Matcher capability = CPU_CAPABILITY.matcher(output);
        // without verbose lines, the build configuration still names the version ("Intel(R) MKL-DNN v2.6.3")
        OneDnnFacts oneDnn = OneDnnFacts.fromVerbose(output).withVersionIfUnknown(OneDnnFacts.versionIn(output));
        return new EngineFacts("PyTorch", parts[0], parts.length > 1 ? parts[1] : "?",
                capability.find() ? capability.group(1) : MachineFacts.UNKNOWN, oneDnn);
    }

    String describe() {
        return "PyTorch " + facts.version() + " (" + python + "), BLAS " + facts.blas();
    }

    EngineFacts facts() {
        return facts;
    }

    /** A warning when the reference would be crippled by the netlib BLAS, else null. */
    String blasWarning() {
        if (!facts.blas().contains(" " + NETLIB_BLAS)) {
            return null;
        }
        return "this PyTorch uses the netlib reference BLAS (" + facts.blas() + "): its matrix products are ~30x slower"
                + " than with OpenBLAS, so the MiniLM comparison would flatter the kit. Install an optimised one"
                + " (Debian: apt-get install libopenblas0-pthread) and run the bench again.";
    }

    /** The probe's whole output (verbose lines included), or null when it failed. */
    private static String probe(String python) {
        Path log = null;
        try {
            log = Files.createTempFile("tlkit-torch-probe", ".log");
            ChildProcess.Outcome o = ChildProcess.run(List.of(python, "-c", PROBE), OneDnnFacts.VERBOSE,
                    Path.of("."), log, 120);
            return o.ok() ? o.output() : null;
        } catch (IOException e) {
            return null; // no such interpreter
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }

    /** torch.set_num_threads does not reach OpenBLAS's own pool, which Debian's torch uses for matmul. */
    static String blasThreads(int threads) {
        return "OPENBLAS_NUM_THREADS=" + threads;
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
        return List.of("env", blasThreads(threads), python,
                root.resolve("bench").resolve("pytorch").resolve("run_workload.py").toString(), w.id(), inputs.toString(), "--threads", Integer.toString(threads), "--batch", Integer.toString(batch),
                "--items", Integer.toString(items), "--timed-epochs", Integer.toString(scale.timedEpochs),
                "--warmup-seconds", Double.toString(scale.warmupSeconds));
    }
}
