package tlkit.text.bert;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the initializers of a PyTorch-exported BERT ONNX graph into Hugging Face named tensors.
 *
 * <p>The exporter keeps Hugging Face names for embeddings, LayerNorms and biases but stores each
 * dense weight as an anonymous, transposed {@code onnx::MatMul_N} tensor ([in, out]). Following the
 * graph names it: {@code MatMul(x, onnx::MatMul_N) -> y}, {@code Add(y, <prefix>.bias)} means
 * {@code <prefix>.weight = transpose(onnx::MatMul_N)}.
 */
public final class OnnxBertWeights {

    private OnnxBertWeights() {
    }

    public static Map<String, Tensor> extract(OnnxGraph graph, String source) throws IOException {
        Map<String, Tensor> init = graph.floatInitializers();
        Map<String, String> biasReadingOutput = new HashMap<>();
        for (OnnxGraph.Node n : graph.nodes()) {
            if (n.opType().equals("Add") && n.inputs().size() == 2) {
                String a = n.inputs().get(0);
                String b = n.inputs().get(1);
                if (a.endsWith(".bias") && init.containsKey(a)) {
                    biasReadingOutput.put(b, a);
                } else if (b.endsWith(".bias") && init.containsKey(b)) {
                    biasReadingOutput.put(a, b);
                }
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Tensor t : init.values()) {
            if (!t.name().startsWith("onnx::")) {
                out.put(stripPrefix(t.name()), t);
            }
        }
        for (OnnxGraph.Node n : graph.nodes()) {
            if (!n.opType().equals("MatMul") || n.inputs().size() != 2) {
                continue;
            }
            Tensor w = init.get(n.inputs().get(1));
            if (w == null || !w.name().startsWith("onnx::")) {
                continue; // activation x activation (attention scores) or an already named weight
            }
            String bias = biasReadingOutput.get(n.outputs().get(0));
            if (bias == null) {
                throw new IOException("In " + source + ", dense weight " + w.name() + " (node " + n.name()
                        + ") is not followed by an Add with a named bias, so it cannot be named;"
                        + " the export is not a standard PyTorch BERT export");
            }
            String name = stripPrefix(bias.substring(0, bias.length() - ".bias".length()) + ".weight");
            out.put(name, w.transposed2d(name));
        }
        return out;
    }

    /** {@code bert.encoder...} (BertFor* checkpoints) to {@code encoder...}. */
    static String stripPrefix(String name) {
        return name.startsWith("bert.") ? name.substring(5) : name;
    }
}
