package tlkit.testing;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;
import java.util.List;
import tlkit.models.Backbone;
import tlkit.models.Stage;

/** A small real DJL conv net (3 stages of Conv2d+BatchNorm+ReLU, global average pool) for tests. */
public final class TinyNets {

    private TinyNets() {
    }

    public static Backbone backbone(long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        List<Stage> stages = List.of(
                new Stage("stem", convBnRelu(8, 1)),
                new Stage("stage1", convBnRelu(16, 2)),
                new Stage("stage2", convBnRelu(32, 2)));
        SequentialBlock tail = new SequentialBlock().add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        Backbone b = new Backbone("tiny-cnn", stages, tail, 32, new Shape(3, 32, 32),
                "[N, 3, 32, 32] float RGB in [0, 1]", manager);
        b.block().setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        b.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        return b;
    }

    private static SequentialBlock convBnRelu(int channels, int stride) {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(channels).setKernelShape(new Shape(3, 3))
                        .optStride(new Shape(stride, stride)).optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
    }
}
