package tlkit.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import tlkit.testing.Cifar;
import tlkit.testing.TinyNets;
import tlkit.data.ArrayBatches;

class FreezingTest {

    static ArrayBatches data;

    @BeforeAll
    static void load() {
        data = Cifar.load(32, "airplane", "frog");
    }

    static Map<String, float[]> values(TransferModel m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        m.namedParameters().forEach((k, p) -> out.put(k, p.getArray().toFloatArray()));
        return out;
    }

    @Test
    void frozenStagesAndTheirBatchNormStatisticsStayBitIdenticalAfterTraining() {
        try (TransferModel m = TransferModel.of(TinyNets.backbone(1), Head.linear(2))) {
            Map<String, float[]> before = values(m);
            Fit.sgd(0.05f).epochs(1).batchSize(16).quiet().run(m, Strategy.partial(2), data, null);
            Map<String, float[]> after = values(m);
            int frozenChecked = 0;
            int trainedChanged = 0;
            for (String name : before.keySet()) {
                if (name.startsWith("stem.") || name.startsWith("stage1.")) {
                    assertArrayEquals(before.get(name), after.get(name), name + " is frozen and must not change");
                    frozenChecked++;
                } else {
                    assertFalse(java.util.Arrays.equals(before.get(name), after.get(name)),
                            name + " is trainable (or a trainable stage's BatchNorm statistic) and must change");
                    trainedChanged++;
                }
            }
            assertTrue(before.keySet().stream().anyMatch(n -> n.startsWith("stem.") && n.endsWith("runningMean")),
                    "running statistics are among the checked parameters: " + before.keySet());
            assertEquals(12, frozenChecked); // 2 stages x (conv weight, bias, gamma, beta, mean, var)
            assertEquals(6 + 2, trainedChanged);
        }
    }

    @Test
    void unfreezingLeavesBatchNormStatisticsWithoutGradientsAndTrainingStillRuns() {
        try (TransferModel m = TransferModel.of(TinyNets.backbone(2), Head.linear(2))) {
            m.freeze();
            m.unfreeze();
            for (var e : m.namedParameters().entrySet()) {
                Parameter p = e.getValue();
                boolean statistic = TransferModel.isStatistic(p);
                assertEquals(!statistic, p.requiresGradient(), e.getKey());
                assertEquals(!statistic, p.getArray().hasGradient(), e.getKey() + " (native flag)");
            }
            History h = Fit.sgd(0.05f).epochs(1).batchSize(16).quiet().run(m, Strategy.full(), data, null);
            assertTrue(Double.isFinite(h.column("train_loss")[0]));
        }
    }

    @Test
    void trainableTableCountsEveryStageAndTheHead() {
        try (TransferModel m = TransferModel.of(TinyNets.backbone(3), Head.linear(2))) {
            m.freezeUpTo("stage1");
            Table t = m.trainableTable();
            System.out.println(t.print());
            // stem: 3*8*9 + 8 conv + 8+8 BN = 240; stage1: 8*16*9+16+32 = 1200; stage2: 16*32*9+32+64 = 4704
            assertEquals(240L, t.longColumn("frozen").get(0));
            assertEquals(1200L, t.longColumn("frozen").get(1));
            assertEquals(4704L, t.longColumn("trainable").get(2));
            assertEquals(66L, t.longColumn("trainable").get(3)); // head 32*2+2
            assertEquals(4704L + 66, m.trainableParameterCount());
            assertEquals("total", t.stringColumn("stage").get(4));
            assertEquals(240L + 1200 + 4704 + 66, t.longColumn("parameters").get(4));
        }
    }

    @Test
    void freezeByPrefixFreezesOnlyTheMatchingWeights() {
        try (TransferModel m = TransferModel.of(TinyNets.backbone(4), Head.linear(2))) {
            m.unfreeze();
            int n = m.freezeByPrefix("stage2.01Conv2d");
            assertEquals(2, n);
            assertEquals(240L + 1200 + 64 + 66, m.trainableParameterCount());
            assertThrows(IllegalArgumentException.class, () -> m.freezeByPrefix("nope"));
            assertThrows(IllegalArgumentException.class, () -> m.freezeUpTo("stage9"));
        }
    }
}
