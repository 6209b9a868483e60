package tlkit.models;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.List;

/**
 * A pretrained network cut before its classifier: named {@link Stage}s in forward order, then a
 * pooling tail, so that {@link #block()} maps a batch of model inputs to {@code [N, featureDim]}.
 *
 * <p>Whatever preprocessing the weights need and that can run on the batch tensor (scaling to
 * [-1, 1], mean/std normalisation) lives inside the first stage, so callers feed raw values in the
 * range given by {@link #inputDescription()}.
 */
public class Backbone implements AutoCloseable {

    private final String name;
    private final List<Stage> stages;
    private final SequentialBlock block;
    private final int featureDim;
    private final Shape exampleShape;
    private final String inputDescription;
    private final NDManager manager;

    public Backbone(String name, List<Stage> stages, Block tail, int featureDim, Shape exampleShape,
            String inputDescription, NDManager manager) {
        NativeAllocator.tune(); // before the first batch: see the class comment
        this.name = name;
        this.stages = List.copyOf(stages);
        this.block = new ReleasingSequentialBlock();
        stages.forEach(block::add);
        if (tail != null) {
            block.add(tail);
        }
        this.featureDim = featureDim;
        this.exampleShape = exampleShape;
        this.inputDescription = inputDescription;
        this.manager = manager;
    }

    public String name() {
        return name;
    }

    public List<Stage> stages() {
        return stages;
    }

    public Stage stage(String stageName) {
        return stages.stream().filter(s -> s.name().equals(stageName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No stage '" + stageName + "' in " + name
                        + "; stages are " + stages.stream().map(Stage::name).toList()));
    }

    /**
     * The first {@code stages} stages of this backbone (sharing their weights) with a global average pool on top:
     * a backbone whose features are what the network computes at that depth. Closing it leaves this one open.
     */
    public Backbone upTo(int stages, int channels) {
        if (stages < 1 || stages > this.stages.size()) {
            throw new IllegalArgumentException(name + " has stages 1.." + this.stages.size() + ", not " + stages);
        }
        return new Backbone(name + " up to " + this.stages.get(stages - 1).name(), this.stages.subList(0, stages),
                ai.djl.nn.pooling.Pool.globalAvgPool2dBlock(), channels, exampleShape, inputDescription,
                manager.newSubManager());
    }

    /** Freezes every stage until the handle closes; see {@link Stage#freezeTemporarily()}. */
    public Stage.Thaw freezeTemporarily() {
        List<Stage.Thaw> thaws = stages.stream().map(Stage::freezeTemporarily).toList();
        return () -> thaws.forEach(Stage.Thaw::close);
    }

    /** Stages, then the pooling tail: inputs to features. */
    public SequentialBlock block() {
        return block;
    }

    public int featureDim() {
        return featureDim;
    }

    /** Shape of one example, without the batch axis (e.g. {@code (3, 224, 224)}). */
    public Shape exampleShape() {
        return exampleShape;
    }

    /** What the network expects as input, in words (layout and value range). */
    public String inputDescription() {
        return inputDescription;
    }

    /** The manager that owns the pretrained weights. */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return name + " " + stages.stream().map(Stage::name).toList() + " -> " + featureDim + "-d features";
    }
}
