package tlkit.models.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.nio.file.Path;
import java.util.List;
import tlkit.models.Backbone;
import tlkit.models.ChannelsLast;
import tlkit.models.ReleasingSequentialBlock;
import tlkit.models.Stage;
import tlkit.models.WeightBindings;

/**
 * CIFAR-10 ResNet-20/32/44/56 of He et al. 2016 (Sec. 4.2) as trained by Idelbayev
 * (akamaster/pytorch_resnet_cifar10): option-A parameter-free shortcuts, BatchNorm epsilon 1e-5.
 *
 * <p>Stages: {@code stem} (input normalisation, conv1, bn1, ReLU), {@code layer1} (16 ch, 32x32),
 * {@code layer2} (32 ch, 16x16), {@code layer3} (64 ch, 8x8), then global average pooling to 64-d.
 * Input: NCHW float RGB 32x32 in [0, 255]; the stem divides by 255 and normalises with the ImageNet
 * mean/std, as the upstream trainer did. {@link #originalHead()} is the pretrained 64 -> 10 classifier.
 */
public final class CifarResNet extends Backbone {

    public static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final Linear head;
    private final int depth;

    private CifarResNet(int depth, List<Stage> stages, Linear head, NDManager manager) {
        super("resnet" + depth + "-cifar10", stages, Pool.globalAvgPool2dBlock(), 64, new Shape(3, 32, 32),
                "NCHW float32 RGB 32x32 in [0, 255] (the first stage divides by 255 and applies the ImageNet "
                        + "mean/std)", manager);
        this.head = head;
        this.depth = depth;
    }

    /** Name of the weights file for a depth inside the {@code resnet-cifar10} catalog folder. */
    public static String weightsFile(int depth) {
        return "resnet" + depth + ".safetensors";
    }

    /** Builds ResNet-{@code depth} (20, 32, 44 or 56) and loads its CIFAR-10 weights from {@code folder}. */
    public static CifarResNet load(Path folder, int depth) {
        if (depth < 20 || (depth - 2) % 6 != 0 || depth > 56) {
            throw new IllegalArgumentException("Pretrained CIFAR ResNet depths are 20, 32, 44, 56; got " + depth);
        }
        int n = (depth - 2) / 6;
        WeightBindings weights = new WeightBindings();

        SequentialBlock stem = new ReleasingSequentialBlock();
        stem.add(new LambdaBlock(CifarResNet::normalise, "imagenet_normalise"));
        Conv2d conv1 = conv3x3(16, 1);
        BatchNorm bn1 = batchNorm();
        stem.add(conv1).add(bn1).add(Activation.reluBlock());
        weights.bind("conv1.weight", conv1, "weight", WeightBindings.AS_IS);
        bindBatchNorm(weights, bn1, "bn1");

        Stage layer1 = new Stage("layer1", layer(1, 16, 16, n, 1, weights));
        Stage layer2 = new Stage("layer2", layer(2, 16, 32, n, 2, weights));
        Stage layer3 = new Stage("layer3", layer(3, 32, 64, n, 2, weights));

        Linear head = Linear.builder().setUnits(10).build();
        weights.bind("linear.weight", head, "weight", WeightBindings.AS_IS);
        weights.bind("linear.bias", head, "bias", WeightBindings.AS_IS);

        NDManager manager = NDManager.newBaseManager();
        CifarResNet net = new CifarResNet(depth, List.of(new Stage("stem", stem), layer1, layer2, layer3), head,
                manager);
        try {
            net.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            head.initialize(manager, DataType.FLOAT32, new Shape(1, 64));
            SequentialBlock all = new ReleasingSequentialBlock().add(net.block()).add(head);
            weights.load(folder.resolve(weightsFile(depth)), all);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return net;
    }

    public int depth() {
        return depth;
    }

    /** The pretrained CIFAR-10 classifier (64 -> 10 logits, {@link #CIFAR10_CLASSES} order). */
    public Linear originalHead() {
        return head;
    }

    /** Backbone + original head: NCHW [0, 255] images to 10 CIFAR-10 logits. Shares the weights. */
    public Block withOriginalHead() {
        return new ReleasingSequentialBlock().add(block()).add(head);
    }

    private static Block layer(int index, int in, int planes, int blocks, int firstStride, WeightBindings w) {
        SequentialBlock layer = new ReleasingSequentialBlock();
        for (int b = 0; b < blocks; b++) {
            int stride = b == 0 ? firstStride : 1;
            layer.add(basicBlock("layer" + index + "." + b, b == 0 ? in : planes, planes, stride, w));
        }
        return layer;
    }

    private static Block basicBlock(String prefix, int in, int planes, int stride, WeightBindings w) {
        Conv2d c1 = conv3x3(planes, stride);
        BatchNorm b1 = batchNorm();
        Conv2d c2 = conv3x3(planes, 1);
        BatchNorm b2 = batchNorm();
        w.bind(prefix + ".conv1.weight", c1, "weight", WeightBindings.AS_IS);
        bindBatchNorm(w, b1, prefix + ".bn1");
        w.bind(prefix + ".conv2.weight", c2, "weight", WeightBindings.AS_IS);
        bindBatchNorm(w, b2, prefix + ".bn2");
        Block residual = new ReleasingSequentialBlock().add(c1).add(b1).add(Activation.reluBlock()).add(c2).add(b2);
        Block shortcut = (stride != 1 || in != planes)
                ? new LambdaBlock(x -> new NDList(optionAShortcut(x.singletonOrThrow(), planes / 4)), "option_a")
                : Blocks.identityBlock();
        return new ParallelBlock(
                outs -> new NDList(Activation.relu(outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow()))),
                List.of(residual, shortcut));
    }

    /** x[:, :, ::2, ::2] with {@code pad} zero channels before and after. */
    private static NDArray optionAShortcut(NDArray x, int pad) {
        NDArray sub = x.get(":, :, ::2, ::2");
        NDArray zeros = ChannelsLast.zerosLike(sub, pad);
        return NDArrays.concat(new NDList(zeros, sub, zeros), 1);
    }

    private static NDList normalise(NDList inputs) {
        NDArray x = ChannelsLast.of(inputs.singletonOrThrow());
        NDManager m = x.getManager();
        NDArray mean = m.create(MEAN, new Shape(1, 3, 1, 1)).mul(255f);
        NDArray std = m.create(STD, new Shape(1, 3, 1, 1)).mul(255f);
        return new NDList(x.sub(mean).div(std));
    }

    private static Conv2d conv3x3(int filters, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(filters)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(1, 1)).optBias(false).build();
    }

    private static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(1e-5f).build();
    }

    private static void bindBatchNorm(WeightBindings w, BatchNorm bn, String prefix) {
        w.bindBatchNorm(bn, prefix + ".weight", prefix + ".bias", prefix + ".running_mean", prefix + ".running_var");
    }
}
