package tlkit.tune;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import tlkit.models.ReleasingSequentialBlock;

/** The new, randomly initialised classifier put on top of a backbone's features. */
public final class Head {

    private final Block block;
    private final int numClasses;
    private final String description;

    private Head(Block block, int numClasses, String description) {
        this.block = block;
        this.numClasses = numClasses;
        this.description = description;
    }

    /** One linear layer: features -> class scores (logits). */
    public static Head linear(int numClasses) {
        SequentialBlock b = new ReleasingSequentialBlock().add(Linear.builder().setUnits(numClasses).build());
        return new Head(b, numClasses, "linear(" + numClasses + ")");
    }

    /** Linear(hidden) -> ReLU -> Dropout(dropout) -> Linear(numClasses). */
    public static Head mlp(int hidden, int numClasses, float dropout) {
        SequentialBlock b = new ReleasingSequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate(dropout).build())
                .add(Linear.builder().setUnits(numClasses).build());
        return new Head(b, numClasses, "mlp(" + hidden + ", " + numClasses + ", dropout " + dropout + ")");
    }

    public Block block() {
        return block;
    }

    public int numClasses() {
        return numClasses;
    }

    @Override
    public String toString() {
        return description;
    }
}
