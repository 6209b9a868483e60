package tlkit.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tlkit.data.ArrayBatches;
import tlkit.testing.Cifar;
import tlkit.testing.TinyNets;

class OptimizerStateTest {

    static ArrayBatches data;

    @BeforeAll
    static void load() {
        data = Cifar.load(8, "airplane", "frog");
    }

    @Test
    void adamMomentsLiveThroughTheRunAndAreFreedWhenItEnds() {
        assertStateFreedAtTheEnd(Fit.adam(1e-3f), 2);
    }

    @Test
    void sgdMomentumLivesThroughTheRunAndIsFreedWhenItEnds() {
        assertStateFreedAtTheEnd(Fit.sgd(0.01f).momentum(0.9f), 1);
    }

    private static void assertStateFreedAtTheEnd(Fit fit, int statesPerWeight) {
        try (TransferModel m = TransferModel.of(TinyNets.backbone(3), Head.linear(2))) {
            List<NDArray> states;
            int[] batch = IntStream.range(0, 8).toArray();
            try (TrainingRun run = fit.newRun(m, Strategy.full(), 2)) {
                run.step(data, batch);
                states = ((ReleasingOptimizers.Releasing) run.optimizer()).states().list();
                assertEquals(statesPerWeight * run.trainable().size(), states.size());
                run.step(data, batch);
                assertEquals(states.size(), ((ReleasingOptimizers.Releasing) run.optimizer()).states().list().size(),
                        "the second step must reuse the first step's state");
                assertTrue(states.stream().noneMatch(NDArray::isReleased), "state freed during the run");
            }
            assertFalse(states.isEmpty());
            assertTrue(states.stream().allMatch(NDArray::isReleased),
                    "DJL attaches optimizer state to the weights' manager; the run must free it");
        }
    }
}
