package tlkit.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tlkit.audio.KwsDsCnn;

class ChannelsLastTest {

    @AfterEach
    void restoreDefault() {
        ChannelsLast.use(true);
    }

    @Test
    void keepsShapeAndValuesAndStoresChannelsInnermost() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(2 * 3 * 4 * 5).toType(DataType.FLOAT32, false).reshape(2, 3, 4, 5);
            NDArray y = ChannelsLast.of(x);
            assertEquals(x.getShape(), y.getShape());
            assertArrayEquals(x.toFloatArray(), y.toFloatArray());
            assertTrue(isChannelsLast(y));
            assertFalse(isChannelsLast(x), "the layout probe must tell the two orders apart");
        }
    }

    @Test
    void everyStageOfTheImageAndAudioNetworksRunsChannelsLastAndComputesTheSameFeatures() {
        assertChannelsLastThroughout(() -> Backbones.load("resnet20-cifar10"), new Shape(4, 3, 32, 32));
        assertChannelsLastThroughout(() -> Backbones.load("mobilenet-v1-025-imagenet", 96), new Shape(2, 3, 96, 96));
        assertChannelsLastThroughout(() -> KwsDsCnn.load().backbone(), new Shape(4, 1, 49, 10));
    }

    private static void assertChannelsLastThroughout(Supplier<Backbone> load, Shape inputShape) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray input = BatchNormFoldingTest.pixels(m, inputShape);
            ChannelsLast.use(false);
            float[] reference;
            try (Backbone net = load.get()) {
                reference = forward(net, input).toFloatArray();
            }
            ChannelsLast.use(true);
            try (Backbone net = load.get()) {
                NDArray x = input;
                for (Stage stage : net.stages()) {
                    x = stage.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                    assertTrue(isChannelsLast(x), net.name() + ": " + stage.name() + " output is not channels-last");
                }
                float[] features = forward(net, input).toFloatArray();
                assertEquals(reference.length, features.length);
                for (int i = 0; i < features.length; i++) {
                    assertEquals(reference[i], features[i], 1e-4 * Math.max(1, Math.abs(reference[i])),
                            net.name() + " feature " + i);
                }
            }
        }
    }

    private static NDArray forward(Backbone net, NDArray input) {
        return net.block().forward(new ParameterStore(input.getManager(), false), new NDList(input), false)
                .singletonOrThrow();
    }

    /**
     * DJL shows no strides, so ask the memory: in channels-last order the NHWC permutation is contiguous,
     * so reshaping it is a view, and writing through the view changes the array.
     */
    private static boolean isChannelsLast(NDArray x) {
        NDArray copy = x.duplicate(); // a clone keeps the strides of a dense array
        float before = copy.sum().getFloat();
        Shape s = copy.getShape();
        copy.transpose(0, 2, 3, 1).reshape(s.size()).addi(1f);
        return copy.sum().getFloat() != before;
    }
}
