package tlkit.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tlkit.testing.Cifar;
import tlkit.testing.TinyNets;
import tlkit.data.ArrayBatches;

class StrategyTest {

    static ArrayBatches data;

    @BeforeAll
    static void load() {
        data = Cifar.load(32, "airplane", "frog");
    }

    @Test
    void discriminativeLearningRatesScaleEachStageStepByDecayPerLevel() {
        float baseLr = 0.5f;
        float decay = 2.6f;
        try (TransferModel m = TransferModel.of(TinyNets.backbone(5), Head.linear(2))) {
            Map<String, Parameter> weights = new LinkedHashMap<>();
            m.namedParameters().forEach((k, p) -> {
                if (k.endsWith("Conv2d_weight") || k.startsWith("head.") && k.endsWith("weight")) {
                    weights.put(k, p);
                }
            });
            Map<String, float[]> before = new LinkedHashMap<>();
            weights.forEach((k, p) -> before.put(k, p.getArray().toFloatArray()));
            Fit plainSgd = Fit.sgd(1f).momentum(0f);
            Map<Parameter, float[]> gradients;
            try (TrainingRun run = plainSgd.newRun(m, Strategy.discriminative(baseLr, decay), 1)) {
                gradients = run.recordGradients();
                run.step(data, TrainingRun.range(0, 32));
            }
            Map<String, Double> effectiveLr = new LinkedHashMap<>();
            weights.forEach((k, p) -> {
                float[] after = p.getArray().toFloatArray();
                float[] grad = gradients.get(p);
                double dg = 0;
                double gg = 0;
                for (int i = 0; i < grad.length; i++) {
                    double delta = (double) before.get(k)[i] - after[i];
                    dg += delta * grad[i];
                    gg += (double) grad[i] * grad[i];
                }
                assertTrue(gg > 0, k + " got no gradient");
                effectiveLr.put(k, dg / gg);
            });
            System.out.println("effective step size per weight: " + effectiveLr);
            double[] lr = effectiveLr.values().stream().mapToDouble(Double::doubleValue).toArray();
            // order: stem, stage1, stage2, head
            assertEquals(baseLr, lr[3], baseLr * 1e-4, "head at the base lr");
            assertEquals(baseLr, lr[2], baseLr * 1e-4, "top stage at the base lr");
            assertEquals(decay, lr[2] / lr[1], decay * 1e-4, "stage2 / stage1");
            assertEquals(decay, lr[1] / lr[0], decay * 1e-4, "stage1 / stem");
        }
    }

    @Test
    void gradualUnfreezingOpensOneMoreStageFromTheTopEachEpoch() {
        try (TransferModel m = TransferModel.of(TinyNets.backbone(6), Head.linear(2))) {
            float[] stemBefore = m.stages().get(0).inner().getParameters().get(0).getValue().getArray().toFloatArray();
            History h = Fit.sgd(0.05f).epochs(3).batchSize(32).quiet()
                    .run(m, Strategy.gradualUnfreezing(1), data, null);
            assertArrayEquals(new double[] {66, 66 + 4704, 66 + 4704 + 1200}, h.column("trainable_params"));
            float[] stemAfter = m.stages().get(0).inner().getParameters().get(0).getValue().getArray().toFloatArray();
            assertArrayEquals(stemBefore, stemAfter, "the stem was never unfrozen in 3 epochs");
            assertTrue(m.stages().get(0).isFrozen());
            assertFalse(m.stages().get(1).isFrozen());
        }
    }

    @Test
    void gradualUnfreezingKeepsItsScheduleThroughDecayAndRenaming() {
        assertEquals(2, Strategy.gradualUnfreezing(2).withDecay(2.6f).named("mine").epochsPerStage());
        assertEquals(1, Strategy.gradualUnfreezing().epochsPerStage());
        assertEquals(0, Strategy.full().epochsPerStage());
        assertEquals(0, Strategy.discriminative(2.6f).epochsPerStage());
    }

    @Test
    void scratchReinitialisesTheBackboneReproduciblyFromTheSeed() {
        try (TransferModel a = TransferModel.of(TinyNets.backbone(7), Head.linear(2));
                TransferModel b = TransferModel.of(TinyNets.backbone(8), Head.linear(2))) {
            float[] pretrainedA = a.stages().get(1).inner().getParameters().get(0).getValue().getArray().toFloatArray();
            Fit fit = Fit.sgd(0.01f).epochs(1).seed(99).quiet();
            try (TrainingRun ra = fit.newRun(a, Strategy.scratch(), 1);
                    TrainingRun rb = fit.newRun(b, Strategy.scratch(), 1)) {
                a.namedParameters().forEach((k, p) -> assertArrayEquals(p.getArray().toFloatArray(),
                        b.namedParameters().get(k).getArray().toFloatArray(), k + ": same seed, same random weights"));
            }
            float[] scratchA = a.stages().get(1).inner().getParameters().get(0).getValue().getArray().toFloatArray();
            assertFalse(java.util.Arrays.equals(pretrainedA, scratchA), "scratch replaced the loaded weights");
            assertEquals(0, a.stages().stream().filter(s -> s.isFrozen()).count());
            // He-normal kernel: std = sqrt(2 / fan_in) with fan_in = 8 * 3 * 3
            double var = 0;
            for (float v : scratchA) {
                var += v * v;
            }
            assertEquals(2.0 / 72, var / scratchA.length, 0.25 * 2.0 / 72);
        }
    }

    @Test
    void strategiesWithTheSameSettingsAreEqual() {
        assertEquals(Strategy.partial(2), Strategy.partial(2));
        assertEquals(Strategy.partial(2).hashCode(), Strategy.partial(2).hashCode());
        assertEquals(Strategy.discriminative(1e-3f, 2.6f), Strategy.discriminative(1e-3f, 2.6f));
        assertEquals(Strategy.gradualUnfreezing(2).withDecay(2f), Strategy.gradualUnfreezing(2).withDecay(2f));
        assertNotEquals(Strategy.partial(2), Strategy.partial(3));
        assertNotEquals(Strategy.partial(2), Strategy.partial(2).named("other"));
        assertNotEquals(Strategy.featureExtraction(), Strategy.full().named("feature extraction"), "same name, other freezing");
        assertNotEquals(Strategy.gradualUnfreezing(1), Strategy.gradualUnfreezing(2).named("gradual unfreezing"));
        assertNotEquals(Strategy.full().withDecay(2f), Strategy.full().withDecay(3f).named("full fine-tuning, decay 2.0"));
        assertEquals(2, new java.util.HashSet<>(java.util.List.of(Strategy.full(), Strategy.full(), Strategy.scratch())).size(),
                "usable as map keys");
    }
}
