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

    private final String python;
    private final String version;

    private TorchReference(String python, String version) {
        this.python = python;
        this.version = version;
    }

    /** The reference, or null when no interpreter here imports torch. */
    static TorchReference find() {
        String configured = System.getenv("TLKIT_PYTHON");
        List<String> candidates = configured != null && !configured.isBlank() ? List.of(configured)
                : List.of("python3", "/usr/bin/python3");
        for (String python : candidates) {
            String v = torchVersion(python);
            if (v != null) {
                return new TorchReference(python, v);
            }
        }
        return null;
    }

    String describe() {
        return "PyTorch " + version + " (" + python + ")";
    }

    private static String torchVersion(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import numpy, torch; print(torch.__version__)")
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
        return List.of(python, root.resolve("bench").resolve("pytorch").resolve("run_workload.py").toString(),
                w.id(), inputs.toString(), "--threads", Integer.toString(threads), "--batch", Integer.toString(batch),
                "--items", Integer.toString(items), "--timed-epochs", Integer.toString(scale.timedEpochs));
    }
}
