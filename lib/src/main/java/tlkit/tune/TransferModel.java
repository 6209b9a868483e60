package tlkit.tune;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tlkit.models.Backbone;
import tlkit.models.ReleasingSequentialBlock;
import tlkit.models.Stage;
import tlkit.models.WeightGeneration;

/**
 * A pretrained {@link Backbone} with a new {@link Head} on top, as one DJL {@link Model}
 * ({@code SequentialBlock(backbone.block(), head)}). Only the head is initialised here: the backbone
 * keeps its pretrained weights.
 *
 * <p>Freezing, fast.ai style: {@link #freeze()} (feature extraction), {@link #freezeTo(int)},
 * {@link #freezeUpTo(String)}, {@link #unfreeze()}, and {@link #trainableTable()} to see the result.
 *
 * <p>The model owns its backbone: training changes the backbone's weights in place and {@link #close()}
 * frees them. Load a fresh backbone for every model you want to compare.
 */
public final class TransferModel implements AutoCloseable {

    /** Seed used for the head's random initial weights when none is given. */
    public static final long DEFAULT_SEED = 42;

    private final Backbone backbone;
    private final Head head;
    private final SequentialBlock block;
    private final Model model;

    private TransferModel(Backbone backbone, Head head, long seed) {
        this.backbone = backbone;
        this.head = head;
        this.block = new ReleasingSequentialBlock().add(backbone.block()).add(head.block());
        this.model = Model.newInstance(backbone.name() + "+" + head, Device.cpu(), "PyTorch");
        model.setBlock(block);
        Engine.getInstance().setRandomSeed((int) seed);
        head.block().setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        head.block().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, backbone.featureDim()));
    }

    /** Backbone + head; the head's initial weights are drawn with seed {@value #DEFAULT_SEED}. */
    public static TransferModel of(Backbone backbone, Head head) {
        return of(backbone, head, DEFAULT_SEED);
    }

    public static TransferModel of(Backbone backbone, Head head, long seed) {
        return new TransferModel(backbone, head, seed);
    }

    public Backbone backbone() {
        return backbone;
    }

    public Head head() {
        return head;
    }

    public List<Stage> stages() {
        return backbone.stages();
    }

    /** Backbone then head: inputs to class scores (logits). */
    public SequentialBlock block() {
        return block;
    }

    /** The DJL model (for saving: {@code model().save(dir, name)}). */
    public Model model() {
        return model;
    }

    /** Class scores (logits) {@code [N, classes]} in inference mode, created on {@code manager}'s side. */
    public NDArray logits(NDList inputs) {
        ParameterStore store = new ParameterStore(model.getNDManager(), false);
        return block.forward(store, inputs, false).singletonOrThrow();
    }

    // ---------------------------------------------------------------- freezing

    /** Freezes every backbone stage: only the head trains (feature extraction). */
    public TransferModel freeze() {
        return freezeTo(stages().size());
    }

    /** Freezes stages {@code 0 .. k-1} and unfreezes stages {@code k ..}; the head always trains. */
    public TransferModel freezeTo(int k) {
        List<Stage> stages = stages();
        if (k < 0 || k > stages.size()) {
            throw new IllegalArgumentException("freezeTo(" + k + "): k must be 0.." + stages.size() + " for stages "
                    + stages.stream().map(Stage::name).toList());
        }
        for (int i = 0; i < stages.size(); i++) {
            if (i < k) {
                stages.get(i).freeze();
            } else {
                stages.get(i).unfreeze();
            }
        }
        return this;
    }

    /** Freezes the stages up to and including {@code stageName}; later stages train. */
    public TransferModel freezeUpTo(String stageName) {
        return freezeTo(stageIndex(stageName) + 1);
    }

    /** Makes every backbone weight trainable (BatchNorm running statistics never take gradients). */
    /** BatchNorm in inference mode in every stage (or back to training mode); see {@link Stage#batchNormInference}. */
    public TransferModel batchNormInference(boolean on) {
        stages().forEach(s -> s.batchNormInference(on));
        return this;
    }

    public TransferModel unfreeze() {
        return freezeTo(0);
    }

    /**
     * Freezes the weights whose name (see {@link #parameterNames()}) starts with {@code prefix}, e.g.
     * {@code "stage1."} or {@code "encoder.embeddings"}. Finer than stage freezing, but BatchNorm layers
     * in a stage that is not frozen still update their running statistics while training.
     *
     * @return how many parameters were frozen
     */
    public int freezeByPrefix(String prefix) {
        int n = 0;
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            if (e.getKey().startsWith(prefix) && !isStatistic(e.getValue())) {
                e.getValue().freeze(true);
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("freezeByPrefix: no parameter name starts with '" + prefix
                    + "'; names look like " + namedParameters().keySet().stream().limit(5).toList());
        }
        return n;
    }

    /** Index of the stage called {@code stageName}. */
    public int stageIndex(String stageName) {
        List<Stage> stages = stages();
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).name().equals(stageName)) {
                return i;
            }
        }
        throw new IllegalArgumentException("No stage '" + stageName + "' in " + backbone.name() + "; stages are "
                + stages.stream().map(Stage::name).toList());
    }

    /** Every parameter as {@code "<stage>.<djl name>"} or {@code "head.<djl name>"}, in forward order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Stage s : stages()) {
            for (Pair<String, Parameter> p : s.inner().getParameters()) {
                out.put(s.name() + "." + p.getKey(), p.getValue());
            }
        }
        for (Pair<String, Parameter> p : head.block().getParameters()) {
            out.put("head." + p.getKey(), p.getValue());
        }
        return out;
    }

    public List<String> parameterNames() {
        return new ArrayList<>(namedParameters().keySet());
    }

    /** Parameters of stage {@code i}, or of the head for {@code i == stages().size()}. */
    List<Parameter> groupParameters(int i) {
        List<Parameter> out = new ArrayList<>();
        var params = i < stages().size() ? stages().get(i).inner().getParameters() : head.block().getParameters();
        params.forEach(p -> out.add(p.getValue()));
        return out;
    }

    /** Number of scalar weights that will be updated by training (BatchNorm statistics excluded). */
    public long trainableParameterCount() {
        long n = 0;
        for (Parameter p : namedParameters().values()) {
            if (!isStatistic(p) && p.requiresGradient()) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    /** Per stage (and head, and total): parameters, trainable, frozen. */
    public Table trainableTable() {
        StringColumn stage = StringColumn.create("stage");
        LongColumn total = LongColumn.create("parameters");
        LongColumn trainable = LongColumn.create("trainable");
        LongColumn frozen = LongColumn.create("frozen");
        long[] sums = new long[2];
        for (int i = 0; i <= stages().size(); i++) {
            long t = 0;
            long f = 0;
            for (Parameter p : groupParameters(i)) {
                if (isStatistic(p) || !p.isInitialized()) {
                    continue;
                }
                if (p.requiresGradient()) {
                    t += p.getArray().size();
                } else {
                    f += p.getArray().size();
                }
            }
            stage.append(i < stages().size() ? stages().get(i).name() : "head");
            total.append(t + f);
            trainable.append(t);
            frozen.append(f);
            sums[0] += t;
            sums[1] += f;
        }
        stage.append("total");
        total.append(sums[0] + sums[1]);
        trainable.append(sums[0]);
        frozen.append(sums[1]);
        return Table.create("trainable parameters", stage, total, trainable, frozen);
    }

    static boolean isStatistic(Parameter p) {
        return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
    }

    /**
     * Throws the pretrained knowledge away: every backbone weight gets fresh random values (He-normal
     * for matrices and kernels, 1 for scales and running variances, 0 for biases, shifts and running
     * means), drawn from the engine's current random seed. Used by {@link Strategy#scratch()}.
     */
    public void reinitializeBackbone() {
        try (NDManager tmp = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
                if (e.getKey().startsWith("head.")) {
                    continue;
                }
                Parameter p = e.getValue();
                NDArray w = p.getArray();
                Shape shape = w.getShape();
                NDArray fresh;
                if (shape.dimension() >= 2 && !isStatistic(p)) {
                    long fanIn = shape.size() / shape.get(0);
                    fresh = tmp.randomNormal(0f, (float) Math.sqrt(2.0 / fanIn), shape, DataType.FLOAT32);
                } else if (p.getType() == Parameter.Type.GAMMA || p.getType() == Parameter.Type.RUNNING_VAR
                        || (p.getType() == Parameter.Type.OTHER && e.getKey().matches(".*(weight|gamma)$"))) {
                    fresh = tmp.ones(shape, DataType.FLOAT32);
                } else {
                    fresh = tmp.zeros(shape, DataType.FLOAT32);
                }
                w.set(fresh.toType(w.getDataType(), false).toByteBuffer());
            }
        } finally {
            WeightGeneration.advance();
        }
    }

    @Override
    public void close() {
        model.close();
        backbone.close();
    }

    @Override
    public String toString() {
        return backbone + " + head " + head;
    }
}
