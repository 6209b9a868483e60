package tlkit.tune;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Locale;
import tlkit.data.BatchSource;
import tlkit.data.progress.Progress;

/**
 * Runs something over a whole source in inference mode, batch by batch, each batch's arrays freed when it is
 * done, with a progress line: the loop under {@link FeatureCache#compute} and {@link StageFeatures#pooled}.
 */
final class InferenceBatches {

    /** What to do with one batch: its inputs and where its rows start in the source. */
    interface Body {
        void accept(ParameterStore store, NDList inputs, int start, int count);
    }

    private InferenceBatches() {
    }

    static void forEach(BatchSource source, int batchSize, String what, Body body) {
        int n = source.size();
        Progress progress = new Progress(true);
        long t0 = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            ParameterStore store = new ParameterStore(manager, false);
            for (int start = 0; start < n; start += batchSize) {
                int[] idx = TrainingRun.range(start, Math.min(n, start + batchSize));
                try (NDManager batch = manager.newSubManager()) {
                    body.accept(store, source.inputs(batch, idx), start, idx.length);
                }
                progress.update(line(what, start + idx.length, n, t0));
            }
        }
        progress.done(line(what, n, n, t0));
    }

    private static String line(String what, int done, int n, long t0) {
        return String.format(Locale.ROOT, "%s: %d/%d examples  %.1fs", what, done, n, (System.nanoTime() - t0) / 1e9);
    }
}
