package tlkit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A deterministic map from tensor names in a weights file to the DJL {@link Parameter}s of a block
 * built by hand, with the layout change each tensor needs. Loading fails loudly on any missing,
 * unexpected or shape-mismatched tensor, and if some parameter of the block stayed unbound.
 */
public final class WeightBindings {

    /** Keras Conv2D kernel (kh, kw, in, out) to DJL/PyTorch OIHW. */
    public static final UnaryOperator<NDArray> KERAS_CONV = a -> a.transpose(3, 2, 0, 1);
    /** Keras DepthwiseConv2D kernel (kh, kw, C, 1) to DJL/PyTorch (C, 1, kh, kw) with groups = C. */
    public static final UnaryOperator<NDArray> KERAS_DEPTHWISE = a -> a.transpose(2, 3, 0, 1);
    /** Same layout on both sides. */
    public static final UnaryOperator<NDArray> AS_IS = UnaryOperator.identity();

    private record Binding(String tensor, Parameter parameter, UnaryOperator<NDArray> layout) {}

    private final Map<String, Binding> bindings = new LinkedHashMap<>();

    /** Binds {@code tensor} of the file to {@code parameter}, converted by {@code layout}. */
    public WeightBindings bind(String tensor, Parameter parameter, UnaryOperator<NDArray> layout) {
        if (parameter == null) {
            throw new IllegalArgumentException("No DJL parameter to bind tensor '" + tensor + "' to");
        }
        if (bindings.put(tensor, new Binding(tensor, parameter, layout)) != null) {
            throw new IllegalArgumentException("Tensor '" + tensor + "' bound twice");
        }
        return this;
    }

    /** Binds a DJL parameter by its name within {@code block} (e.g. "weight", "gamma", "runningMean"). */
    public WeightBindings bind(String tensor, Block block, String parameterName, UnaryOperator<NDArray> layout) {
        Parameter p = block.getParameters().get(parameterName);
        if (p == null) {
            throw new IllegalArgumentException("Block " + block.getClass().getSimpleName() + " has no parameter '"
                    + parameterName + "' (has " + block.getParameters().keys() + ")");
        }
        return bind(tensor, p, layout);
    }

    /** Binds a BatchNorm's gamma/beta/running mean/running variance to four tensors of the file. */
    public WeightBindings bindBatchNorm(Block batchNorm, String gamma, String beta, String mean, String var) {
        return bind(gamma, batchNorm, "gamma", AS_IS).bind(beta, batchNorm, "beta", AS_IS)
                .bind(mean, batchNorm, "runningMean", AS_IS).bind(var, batchNorm, "runningVar", AS_IS);
    }

    public int size() {
        return bindings.size();
    }

    /**
     * Copies every bound tensor of {@code file} into its parameter. The block must be initialized.
     * Every tensor of the file must be bound and every parameter of {@code block} must be bound.
     */
    public void load(Path file, Block block) {
        Set<Parameter> bound = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        bindings.values().forEach(b -> bound.add(b.parameter()));
        List<String> unbound = new ArrayList<>();
        block.getParameters().forEach(pair -> {
            if (!bound.contains(pair.getValue())) {
                unbound.add(pair.getKey());
            }
        });
        if (!unbound.isEmpty()) {
            throw new IllegalStateException("Internal error: parameters " + unbound + " would keep random values "
                    + "when loading " + file);
        }
        try (NDManager scratch = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = SafeTensors.read(file, scratch);
            Set<String> missing = new LinkedHashSet<>(bindings.keySet());
            missing.removeAll(tensors.keySet());
            Set<String> extra = new LinkedHashSet<>(tensors.keySet());
            extra.removeAll(bindings.keySet());
            if (!missing.isEmpty() || !extra.isEmpty()) {
                throw new IllegalStateException("Weights file " + file + " does not match the network: missing "
                        + missing + ", unexpected " + extra + ". Is it the right file for this model?");
            }
            for (Binding b : bindings.values()) {
                NDArray converted = b.layout().apply(tensors.get(b.tensor()));
                NDArray target = b.parameter().getArray();
                if (target == null) {
                    throw new IllegalStateException("Initialize the block before loading " + file);
                }
                Shape want = target.getShape();
                if (!converted.getShape().equals(want)) {
                    throw new IllegalStateException("Weights file " + file + ": tensor '" + b.tensor() + "' has shape "
                            + converted.getShape() + " after layout conversion, the network expects " + want);
                }
                target.set(converted.toType(target.getDataType(), false).toFloatArray());
            }
        } finally {
            WeightGeneration.advance();
        }
    }
}
