package tlkit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Puts a 4-D image batch in channels-last memory order (NHWC in memory, still indexed as NCHW).
 *
 * <p>libtorch runs oneDNN convolutions in channels-last order directly, and batch norm, ReLU and
 * additions keep the order of their inputs, so one conversion at the input spares two layout reorders
 * per convolution. DJL has no memory-format API; a contiguous copy of the NHWC permutation, viewed back
 * as NCHW, has exactly the strides {@code x.contiguous(memory_format=torch.channels_last)} gives.
 * {@code -Dtlkit.channelsLast=off} keeps the plain NCHW order (to measure what it buys).
 */
public final class ChannelsLast {

    private static volatile boolean on = !"off".equalsIgnoreCase(System.getProperty("tlkit.channelsLast", "on"));

    private ChannelsLast() {
    }

    /** Switches the conversion on or off for every forward pass from now on (tests compare both orders). */
    public static void use(boolean channelsLast) {
        on = channelsLast;
    }

    /** {@code x} (N, C, H, W) in channels-last order; the same values and shape. */
    public static NDArray of(NDArray x) {
        Shape s = x.getShape();
        if (!on || s.dimension() != 4) {
            return x;
        }
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.transpose(0, 2, 3, 1).reshape(n * h * w * c).reshape(n, h, w, c).transpose(0, 3, 1, 2);
    }

    /**
     * Zeros of shape (N, {@code channels}, H, W) in the memory order of {@code like} (N, C, H, W) with
     * {@code C >= channels}, so that concatenating them with {@code like} keeps its order.
     */
    public static NDArray zerosLike(NDArray like, long channels) {
        return like.zerosLike().get(":, 0:" + channels);
    }
}
