package tlkit.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tlkit.data.BatchSource;
import tlkit.tune.TransferModel;

/** A model's predictions on a labelled dataset, and the metrics computed from them. */
public final class Predictions {

    private final int[] labels;
    private final int[] predicted;
    private final float[][] probabilities;
    private final int numClasses;

    public Predictions(int[] labels, float[][] probabilities) {
        this.labels = labels.clone();
        this.probabilities = probabilities;
        this.numClasses = probabilities.length == 0 ? 0 : probabilities[0].length;
        this.predicted = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            predicted[i] = argMax(probabilities[i]);
        }
    }

    /** Runs {@code model} in inference mode over {@code source} (batches of 64). */
    public static Predictions of(TransferModel model, BatchSource source) {
        return run(source, model::logits);
    }

    /**
     * Runs only {@code model}'s head over precomputed backbone features (e.g. a
     * {@link tlkit.tune.FeatureCache}), so evaluating a head trained with {@code Fit.fitHead} costs no
     * backbone pass.
     */
    public static Predictions ofHead(TransferModel model, BatchSource features) {
        return run(features, inputs -> {
            ParameterStore store = new ParameterStore(inputs.head().getManager(), false);
            return model.head().block().forward(store, inputs, false).singletonOrThrow();
        });
    }

    private static Predictions run(BatchSource source, Function<NDList, NDArray> logits) {
        int n = source.size();
        float[][] probs = new float[n][];
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            for (int start = 0; start < n; start += 64) {
                int[] idx = IntStream.range(start, Math.min(n, start + 64)).toArray();
                try (NDManager batch = manager.newSubManager()) {
                    NDArray p = logits.apply(source.inputs(batch, idx)).softmax(1);
                    int k = (int) p.getShape().get(1);
                    float[] flat = p.toFloatArray();
                    for (int j = 0; j < idx.length; j++) {
                        probs[start + j] = java.util.Arrays.copyOfRange(flat, j * k, (j + 1) * k);
                    }
                }
            }
        }
        return new Predictions(source.labels(), probs);
    }

    public int[] labels() {
        return labels.clone();
    }

    public int[] predicted() {
        return predicted.clone();
    }

    /** Softmax probabilities, {@code [n][classes]}. */
    public float[][] probabilities() {
        return probabilities;
    }

    public int numClasses() {
        return numClasses;
    }

    public double accuracy() {
        return Metrics.accuracy(labels, predicted);
    }

    public double macroF1() {
        return Metrics.macroF1(labels, predicted, numClasses);
    }

    public int[][] confusionCounts() {
        return Metrics.confusion(labels, predicted, numClasses);
    }

    /** Rows = true class, one count column per predicted class. */
    public Table confusionMatrix(List<String> classNames) {
        checkNames(classNames);
        int[][] m = confusionCounts();
        Table t = Table.create("confusion matrix (rows: true, columns: predicted)",
                StringColumn.create("true", classNames));
        for (int c = 0; c < numClasses; c++) {
            int col = c;
            t.addColumns(IntColumn.create(classNames.get(c), IntStream.range(0, numClasses).map(r -> m[r][col])));
        }
        return t;
    }

    /** Precision, recall, F1 and support per class. */
    public Table perClass(List<String> classNames) {
        checkNames(classNames);
        int[][] m = confusionCounts();
        DoubleColumn precision = DoubleColumn.create("precision");
        DoubleColumn recall = DoubleColumn.create("recall");
        DoubleColumn f1 = DoubleColumn.create("f1");
        IntColumn support = IntColumn.create("support");
        for (int c = 0; c < numClasses; c++) {
            int tp = m[c][c];
            int predictedC = 0;
            int actualC = 0;
            for (int k = 0; k < numClasses; k++) {
                predictedC += m[k][c];
                actualC += m[c][k];
            }
            precision.append(predictedC == 0 ? 0 : tp / (double) predictedC);
            recall.append(actualC == 0 ? 0 : tp / (double) actualC);
            f1.append(Metrics.f1(m, c));
            support.append(actualC);
        }
        return Table.create("per-class metrics", StringColumn.create("class", classNames), precision, recall, f1,
                support);
    }

    /** Indices of the misclassified examples, most confident mistakes first. */
    public int[] mistakes() {
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != predicted[i]) {
                wrong.add(i);
            }
        }
        wrong.sort((a, b) -> Float.compare(probabilities[b][predicted[b]], probabilities[a][predicted[a]]));
        return wrong.stream().mapToInt(Integer::intValue).toArray();
    }

    private void checkNames(List<String> classNames) {
        if (classNames.size() != numClasses) {
            throw new IllegalArgumentException(classNames.size() + " class names for a " + numClasses + "-class model");
        }
    }

    private static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
