package tlkit.tune;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.optimizer.Sgd;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * DJL's SGD with momentum and Adam whose per-weight state (the momentum; Adam's two moments) is freed when the
 * training run ends.
 *
 * <p>DJL creates that state on each weight's own manager, so it lives as long as the model: every
 * {@code Fit.run} on the same model (each trial of an {@link LrSweep}, a warm head's probe then its fine-tuning)
 * left a full copy of the trained weights behind, 180 MB for each Adam run on MiniLM. The update rules are
 * DJL's own; these subclasses only remember the state arrays they hand out.
 */
final class ReleasingOptimizers {

    /** An optimizer whose state can be freed once nothing will update with it again. */
    interface Releasing {
        /** The state arrays handed out so far. */
        StateArrays states();
    }

    private ReleasingOptimizers() {
    }

    static Optimizer sgd(Sgd.Builder builder) {
        return new ReleasingSgd(builder);
    }

    static Optimizer adam(Adam.Builder builder) {
        return new ReleasingAdam(builder);
    }

    private static final class ReleasingSgd extends Sgd implements Releasing {
        private final StateArrays states = new StateArrays();

        ReleasingSgd(Sgd.Builder builder) {
            super(builder);
        }

        @Override
        protected NDArray withDefaultState(Map<String, Map<Device, NDArray>> state, String key, Device device,
                Function<String, NDArray> defaultFunction) {
            return states.track(super.withDefaultState(state, key, device, defaultFunction));
        }

        @Override
        public StateArrays states() {
            return states;
        }
    }

    private static final class ReleasingAdam extends Adam implements Releasing {
        private final StateArrays states = new StateArrays();

        ReleasingAdam(Adam.Builder builder) {
            super(builder);
        }

        @Override
        protected NDArray withDefaultState(Map<String, Map<Device, NDArray>> state, String key, Device device,
                Function<String, NDArray> defaultFunction) {
            return states.track(super.withDefaultState(state, key, device, defaultFunction));
        }

        @Override
        public StateArrays states() {
            return states;
        }
    }

    static final class StateArrays {
        private final Set<NDArray> arrays = Collections.newSetFromMap(new IdentityHashMap<>());

        NDArray track(NDArray state) {
            arrays.add(state);
            return state;
        }

        java.util.List<NDArray> list() {
            return java.util.List.copyOf(arrays);
        }

        /** Frees every state array; call when the run is over. */
        void close() {
            arrays.forEach(NDArray::close);
            arrays.clear();
        }
    }
}
