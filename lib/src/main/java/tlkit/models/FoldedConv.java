package tlkit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * A Conv2d and the inference-mode BatchNorm right after it, computed as one convolution whose weight
 * and bias already hold the normalisation: W' = W * s, b' = (b - mean) * s + beta, s = gamma / sqrt(var + eps),
 * per output channel.
 */
record FoldedConv(Conv2d conv, BatchNorm batchNorm, NDArray weight, NDArray bias) {

    NDList forward(NDList inputs) {
        return Conv2d.conv2d(inputs.singletonOrThrow(), weight, bias, conv.getStride(), conv.getPadding(),
                conv.getDilation(), conv.getGroups());
    }
}
