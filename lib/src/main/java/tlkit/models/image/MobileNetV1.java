package tlkit.models.image;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tlkit.models.Backbone;
import tlkit.models.ChannelsLast;
import tlkit.models.ReleasingSequentialBlock;
import tlkit.models.Stage;
import tlkit.models.WeightBindings;

/**
 * MobileNet v1 (Howard et al. 2017) rebuilt from DJL blocks so that Keras Applications weights
 * (TensorFlow "same" padding, BatchNorm epsilon 1e-3, ReLU6) load into it unchanged in meaning.
 *
 * <p>Stages follow the resolution changes: {@code stem} (conv1 + block 1, /2), {@code stage1}
 * (blocks 2-3, /4), {@code stage2} (4-5, /8), {@code stage3} (6-11, /16), {@code stage4} (12-13, /32),
 * then global average pooling. Input: NCHW float RGB in [0, 255]; the stem scales to [-1, 1].
 */
public final class MobileNetV1 {

    public static final String WEIGHTS_FILE = "mobilenet_2_5_224_tf_no_top.safetensors";
    private static final float BN_EPSILON = 1e-3f;
    private static final int[] STRIDE = {0, 1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};
    /** Output channels of pointwise conv i (i = 1..13) at width multiplier 1. */
    private static final int[] FILTERS = {0, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
    private static final int[][] STAGE_BLOCKS = {{1, 1}, {2, 3}, {4, 5}, {6, 11}, {12, 13}};
    private static final String[] STAGE_NAMES = {"stem", "stage1", "stage2", "stage3", "stage4"};

    private MobileNetV1() {}

    /**
     * Builds α = 0.25 MobileNet v1 and loads the ImageNet weights from {@code folder}.
     *
     * @param imageSize input side in pixels, a multiple of 32 (224 is what the weights were trained at)
     */
    public static Backbone load(Path folder, int imageSize) {
        if (imageSize < 32 || imageSize % 32 != 0) {
            throw new IllegalArgumentException("MobileNet v1 needs an image size that is a multiple of 32 "
                    + "(e.g. 128, 160, 224), got " + imageSize);
        }
        double alpha = 0.25;
        WeightBindings weights = new WeightBindings();
        List<Stage> stages = new ArrayList<>();
        int channels = 3;
        for (int s = 0; s < STAGE_BLOCKS.length; s++) {
            SequentialBlock seq = new ReleasingSequentialBlock();
            if (s == 0) {
                seq.add(new LambdaBlock(x -> new NDList(ChannelsLast.of(x.singletonOrThrow()).div(127.5f).sub(1f)),
                        "scale_to_pm1"));
                int out = (int) (32 * alpha);
                seq.add(convBnRelu6("conv1", channels, out, 2, false, weights));
                channels = out;
            }
            for (int i = STAGE_BLOCKS[s][0]; i <= STAGE_BLOCKS[s][1]; i++) {
                int out = (int) (FILTERS[i] * alpha);
                seq.add(convBnRelu6("conv_dw_" + i, channels, channels, STRIDE[i], true, weights));
                seq.add(pointwise("conv_pw_" + i, out, weights));
                channels = out;
            }
            stages.add(new Stage(STAGE_NAMES[s], seq));
        }
        Shape example = new Shape(3, imageSize, imageSize);
        NDManager manager = NDManager.newBaseManager();
        Backbone backbone = new Backbone("mobilenet-v1-025-imagenet", stages, Pool.globalAvgPool2dBlock(), channels,
                example, "NCHW float32 RGB in [0, 255], " + imageSize + "x" + imageSize
                        + " (trained at 224; the first stage maps pixels to [-1, 1])",
                manager);
        try {
            backbone.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, imageSize, imageSize));
            weights.load(folder.resolve(WEIGHTS_FILE), backbone.block());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return backbone;
    }

    /** 3x3 conv (depthwise if asked) + BN + ReLU6 with TensorFlow "same" padding. */
    private static Block convBnRelu6(String name, int in, int out, int stride, boolean depthwise,
            WeightBindings weights) {
        SequentialBlock block = new ReleasingSequentialBlock();
        if (stride == 2) {
            // TF "same" for an even input and stride 2: nothing before, one row/column after
            block.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().pad(new Shape(0, 1, 0, 1), 0)),
                    "tf_same_pad"));
        }
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(out)
                .optStride(new Shape(stride, stride))
                .optPadding(stride == 2 ? new Shape(0, 0) : new Shape(1, 1))
                .optGroups(depthwise ? in : 1).optBias(false).build();
        BatchNorm bn = BatchNorm.builder().optEpsilon(BN_EPSILON).build();
        block.add(conv).add(bn).add(new LambdaBlock(MobileNetV1::relu6, "relu6"));
        if (depthwise) {
            weights.bind(name + "/depthwise_kernel:0", conv, "weight", WeightBindings.KERAS_DEPTHWISE);
        } else {
            weights.bind(name + "/kernel:0", conv, "weight", WeightBindings.KERAS_CONV);
        }
        bindKerasBatchNorm(weights, bn, name + "_bn");
        return block;
    }

    private static Block pointwise(String name, int out, WeightBindings weights) {
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(out).optBias(false).build();
        BatchNorm bn = BatchNorm.builder().optEpsilon(BN_EPSILON).build();
        weights.bind(name + "/kernel:0", conv, "weight", WeightBindings.KERAS_CONV);
        bindKerasBatchNorm(weights, bn, name + "_bn");
        return new ReleasingSequentialBlock().add(conv).add(bn).add(new LambdaBlock(MobileNetV1::relu6, "relu6"));
    }

    private static void bindKerasBatchNorm(WeightBindings weights, BatchNorm bn, String layer) {
        weights.bindBatchNorm(bn, layer + "/gamma:0", layer + "/beta:0", layer + "/moving_mean:0",
                layer + "/moving_variance:0");
    }

    private static NDList relu6(NDList x) {
        return new NDList(x.singletonOrThrow().clip(0, 6));
    }
}
