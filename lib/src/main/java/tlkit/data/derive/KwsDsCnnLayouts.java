package tlkit.data.derive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The MLPerf Tiny KWS DS-CNN's weights in the two layouts the course uses (SOURCES.md, "Converted files"):
 * Keras names and layouts exactly as stored, and PyTorch names and layouts for {@code tlkit.audio.KwsDsCnn}:
 * conv1/bn1, then {@code blocks.i.{dw,bn_dw,pw,bn_pw}}, then fc; Conv2D kernels HWIO to OIHW, depthwise
 * kernels (kh,kw,C,1) to (C,1,kh,kw), the Dense kernel transposed; BatchNorm gamma/beta/moving_* become
 * weight/bias/running_*.
 */
public final class KwsDsCnnLayouts {

    private KwsDsCnnLayouts() {
    }

    public static List<Tensor> keras(List<KerasCheckpointLayers.Layer> layers) {
        List<Tensor> out = new ArrayList<>();
        layers.forEach(l -> out.addAll(l.weights()));
        return out;
    }

    public static List<Tensor> torch(List<KerasCheckpointLayers.Layer> layers) throws IOException {
        List<String> types = layers.stream().map(KerasCheckpointLayers.Layer::type).toList();
        int blocks = (layers.size() - 3) / 4;
        List<String> expected = new ArrayList<>(List.of("conv2d", "batch_normalization"));
        for (int i = 0; i < blocks; i++) {
            expected.addAll(List.of("depthwise_conv2d", "batch_normalization", "conv2d", "batch_normalization"));
        }
        expected.add("dense");
        if (!types.equals(expected)) {
            throw new IOException("the checkpoint's layers " + types + " are not a DS-CNN (conv, bn, [dw, bn, pw, bn]..., dense)");
        }
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String prefix = i == 0 ? "conv1" : i == 1 ? "bn1" : i == layers.size() - 1 ? "fc"
                    : "blocks." + (i - 2) / 4 + "." + List.of("dw", "bn_dw", "pw", "bn_pw").get((i - 2) % 4);
            for (Tensor w : layers.get(i).weights()) {
                out.add(torchWeight(prefix, w));
            }
        }
        return out;
    }

    private static Tensor torchWeight(String prefix, Tensor w) {
        String weight = w.name().substring(w.name().lastIndexOf('/') + 1);
        return switch (weight) {
            case "kernel" -> w.shape().length == 4 ? w.transpose(prefix + ".weight", 3, 2, 0, 1) : w.transpose(prefix + ".weight", 1, 0);
            case "depthwise_kernel" -> w.transpose(prefix + ".weight", 2, 3, 0, 1);
            case "bias" -> w.renamed(prefix + ".bias");
            case "gamma" -> w.renamed(prefix + ".weight");
            case "beta" -> w.renamed(prefix + ".bias");
            case "moving_mean" -> w.renamed(prefix + ".running_mean");
            case "moving_variance" -> w.renamed(prefix + ".running_var");
            default -> throw new IllegalArgumentException("unexpected weight " + w.name());
        };
    }
}
