package tlkit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds every Conv2d directly followed by a BatchNorm inside the {@link ReleasingSequentialBlock}s of a
 * block tree and computes their folded weights (in double precision, from the current parameter values).
 */
final class BatchNormFolding {

    private static final Field EPSILON = batchNormField("epsilon");
    private static final Field AXIS = batchNormField("axis");

    private BatchNormFolding() {}

    /** The folds of {@code root}'s tree (perhaps none), in a new sub-manager of the weights' manager. */
    static FoldedConvs of(Block root) {
        long generation = WeightGeneration.current();
        if (EPSILON == null || AXIS == null) {
            return new FoldedConvs(null, generation); // a DJL without these fields: run unfolded, never guess eps
        }
        List<Pair> pairs = pairs(root, new ArrayList<>());
        if (pairs.isEmpty()) {
            return new FoldedConvs(null, generation);
        }
        NDManager manager = pairs.get(0).conv.getParameters().get("weight").getArray().getManager().newSubManager();
        FoldedConvs folds = new FoldedConvs(manager, generation);
        for (Pair pair : pairs) {
            folds.add(fold(pair.conv, pair.batchNorm, manager));
        }
        return folds;
    }

    private record Pair(Conv2d conv, BatchNorm batchNorm) {}

    private static List<Pair> pairs(Block block, List<Pair> found) {
        List<Block> children = block.getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            Block child = children.get(i);
            Block next = i + 1 < children.size() ? children.get(i + 1) : null;
            if (block instanceof ReleasingSequentialBlock && child instanceof Conv2d conv
                    && next instanceof BatchNorm bn && foldable(bn)) {
                found.add(new Pair(conv, bn));
                i++;
            } else {
                pairs(child, found);
            }
        }
        return found;
    }

    private static boolean foldable(BatchNorm bn) {
        try {
            return AXIS.getInt(bn) == 1 && bn.getParameters().contains("gamma") && bn.getParameters().contains("beta");
        } catch (IllegalAccessException e) {
            return false;
        }
    }

    private static FoldedConv fold(Conv2d conv, BatchNorm bn, NDManager manager) {
        NDArray w = conv.getParameters().get("weight").getArray();
        Parameter biasParameter = conv.getParameters().contains("bias") ? conv.getParameters().get("bias") : null;
        float[] weight = w.toFloatArray();
        float[] gamma = values(bn, "gamma");
        float[] beta = values(bn, "beta");
        float[] mean = values(bn, "runningMean");
        float[] var = values(bn, "runningVar");
        float[] bias = biasParameter == null ? new float[gamma.length] : biasParameter.getArray().toFloatArray();
        double eps = epsilon(bn);
        int perChannel = weight.length / gamma.length;
        float[] foldedWeight = new float[weight.length];
        float[] foldedBias = new float[gamma.length];
        for (int o = 0; o < gamma.length; o++) {
            double scale = gamma[o] / Math.sqrt((double) var[o] + eps);
            for (int k = o * perChannel; k < (o + 1) * perChannel; k++) {
                foldedWeight[k] = (float) (weight[k] * scale);
            }
            foldedBias[o] = (float) (((double) bias[o] - mean[o]) * scale + beta[o]);
        }
        NDArray newWeight = manager.create(foldedWeight, w.getShape());
        NDArray newBias = manager.create(foldedBias);
        // built during a forward pass: keep them out of the enclosing scope, which would close them
        NDScope.unregister(newWeight, newBias);
        return new FoldedConv(conv, bn, newWeight, newBias);
    }

    private static float[] values(BatchNorm bn, String name) {
        return bn.getParameters().get(name).getArray().toFloatArray();
    }

    private static double epsilon(BatchNorm bn) {
        try {
            return EPSILON.getFloat(bn);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** DJL's BatchNorm has no getter for epsilon (it is needed to fold exactly). */
    private static Field batchNormField(String name) {
        try {
            Field f = BatchNorm.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
