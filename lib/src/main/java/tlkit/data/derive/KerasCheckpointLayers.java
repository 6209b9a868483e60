package tlkit.data.derive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the weights of a Keras model saved as a TF2 checkpoint. The checkpoint keys are
 * {@code layer_with_weights-K/<weight>/.ATTRIBUTES/VARIABLE_VALUE} (optimizer slots and counters aside);
 * K is the layer's position among the layers that have weights, and Keras's default layer names follow
 * from the layer types in that order ({@code conv2d}, {@code conv2d_1}, ..., {@code batch_normalization_3},
 * ...). The type is read off the weights: a {@code depthwise_kernel} is a DepthwiseConv2D, a {@code gamma}
 * a BatchNormalization, a rank-4 {@code kernel} a Conv2D and a rank-2 one a Dense layer.
 */
public final class KerasCheckpointLayers {

    private static final Pattern KEY = Pattern.compile("layer_with_weights-(\\d+)/(\\w+)/\\.ATTRIBUTES/VARIABLE_VALUE");
    private static final List<String> WEIGHT_ORDER = List.of("kernel", "depthwise_kernel", "bias",
            "gamma", "beta", "moving_mean", "moving_variance");

    private KerasCheckpointLayers() {
    }

    /** One layer: its Keras type name ({@code conv2d}, {@code depthwise_conv2d}, {@code batch_normalization}, {@code dense}), its name, its weights named {@code <layer>/<weight>}. */
    public record Layer(String type, String name, List<Tensor> weights) {
    }

    public static List<Layer> layers(Map<String, Tensor> checkpoint) throws IOException {
        Map<Integer, Map<String, Tensor>> byLayer = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : checkpoint.entrySet()) {
            Matcher m = KEY.matcher(e.getKey());
            if (m.matches()) {
                byLayer.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new HashMap<>()).put(m.group(2), e.getValue());
            }
        }
        if (byLayer.isEmpty()) {
            throw new IOException("the checkpoint has no layer_with_weights-K variables (not a Keras model checkpoint)");
        }
        Map<String, Integer> counters = new HashMap<>();
        List<Layer> out = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Tensor>> e : byLayer.entrySet()) {
            String type = type(e.getKey(), e.getValue());
            int n = counters.merge(type, 1, Integer::sum) - 1;
            String name = n == 0 ? type : type + "_" + n;
            List<Tensor> weights = new ArrayList<>();
            for (String w : WEIGHT_ORDER) {
                Tensor t = e.getValue().get(w);
                if (t != null) {
                    weights.add(t.renamed(name + "/" + w));
                }
            }
            if (weights.size() != e.getValue().size()) {
                throw new IOException("layer_with_weights-" + e.getKey() + " has weights " + e.getValue().keySet()
                        + ", expected only " + WEIGHT_ORDER);
            }
            out.add(new Layer(type, name, weights));
        }
        return out;
    }

    private static String type(int index, Map<String, Tensor> weights) throws IOException {
        if (weights.containsKey("depthwise_kernel")) {
            return "depthwise_conv2d";
        }
        if (weights.containsKey("gamma")) {
            return "batch_normalization";
        }
        Tensor kernel = weights.get("kernel");
        if (kernel != null && kernel.shape().length == 4) {
            return "conv2d";
        }
        if (kernel != null && kernel.shape().length == 2) {
            return "dense";
        }
        throw new IOException("cannot tell the layer type of layer_with_weights-" + index + " from its weights " + weights.keySet());
    }
}
