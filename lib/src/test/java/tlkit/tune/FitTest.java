package tlkit.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tlkit.eval.Predictions;
import tlkit.testing.Cifar;
import tlkit.testing.TinyNets;
import tlkit.data.BatchSource;

class FitTest {

    static BatchSource.Split split;

    @BeforeAll
    static void load() {
        // real CIFAR-10 test JPEGs: airplane vs frog, 150 each
        split = Cifar.load(150, "airplane", "frog").split(0.3, 1);
    }

    @Test
    void fitLearnsAirplaneVsFrogAndReportsEveryEpoch() {
        try (TransferModel m = TransferModel.of(TinyNets.backbone(11), Head.linear(2))) {
            History h = Fit.sgd(0.05f).epochs(6).batchSize(32).cosine()
                    .run(m, Strategy.full(), split.train(), split.validation());
            System.out.println(h.table().print());
            assertEquals(6, h.epochs());
            assertEquals(java.util.List.of("epoch", "train_loss", "train_acc", "val_loss", "val_acc", "seconds",
                    "trainable_params", "lr"), h.table().columnNames());
            assertTrue(h.bestValAcc() > 0.8, "val accuracy " + h.bestValAcc());
            double acc = Predictions.of(m, split.validation()).accuracy();
            assertEquals(h.bestValAcc(), acc, 1e-9, "the model holds the best epoch's weights");
            double[] lr = h.column("lr");
            assertTrue(lr[5] < lr[0] * 0.1, "cosine schedule decays the lr: " + java.util.Arrays.toString(lr));
        }
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestEpochsWeights() {
        BatchSource tiny = split.train().perClass(10, 3); // 20 examples: overfits fast, val loss turns up
        try (TransferModel m = TransferModel.of(TinyNets.backbone(12), Head.linear(2))) {
            History h = Fit.sgd(0.2f).epochs(20).batchSize(10).patience(1).quiet()
                    .run(m, Strategy.full(), tiny, split.validation());
            System.out.println(h.table().print());
            assertTrue(h.stoppedEarly(), "patience 1 over 20 epochs on 20 examples must stop early");
            assertTrue(h.epochs() < 20);
            assertEquals(h.epochs() - 1, h.bestEpoch(), "patience 1: stopped one epoch after the best");
            try (TrainingRun check = new TrainingRun(m.block(), java.util.List.of(), new float[0],
                    new StageLearningRates(0.1f, false, 1), Fit.OptimizerKind.SGD, 0f, 0f)) {
                double restoredLoss = check.evaluate(split.validation(), 64).loss();
                double lastLoss = h.column("val_loss")[h.epochs() - 1];
                assertEquals(h.bestValLoss(), restoredLoss, 1e-5, "weights of the best epoch are back");
                assertNotEquals(lastLoss, restoredLoss, 1e-5);
            }
        }
    }

    @Test
    void keepLastEpochKeepsTheFinalWeightsNotTheBestValidationEpoch() {
        BatchSource tiny = split.train().perClass(10, 3); // overfits fast: the last epoch is not the best
        try (TransferModel m = TransferModel.of(TinyNets.backbone(12), Head.linear(2))) {
            History h = Fit.sgd(0.2f).epochs(8).batchSize(10).keepLastEpoch().quiet()
                    .run(m, Strategy.full(), tiny, split.validation());
            System.out.println(h.table().print());
            assertEquals(8, h.bestEpoch(), "the kept epoch is the last one");
            double[] valLoss = h.column("val_loss");
            double minLoss = java.util.Arrays.stream(valLoss).min().orElseThrow();
            assertTrue(valLoss[7] > minLoss + 1e-4, "the test needs a run whose last epoch is not its best: "
                    + java.util.Arrays.toString(valLoss));
            double acc = Predictions.of(m, split.validation()).accuracy();
            assertEquals(h.column("val_acc")[7], acc, 1e-9, "the model holds the last epoch's weights");
            assertEquals(h.column("val_acc")[7], h.bestValAcc(), 1e-12);
        }
    }

    @Test
    void sameSeedGivesTheSameHistory() {
        BatchSource small = split.train().perClass(30, 5);
        double[][] losses = new double[2][];
        for (int r = 0; r < 2; r++) {
            try (TransferModel m = TransferModel.of(TinyNets.backbone(13), Head.mlp(16, 2, 0.3f))) {
                losses[r] = Fit.sgd(0.05f).epochs(2).batchSize(16).seed(5).quiet()
                        .run(m, Strategy.partial(1), small, split.validation()).column("val_loss");
            }
        }
        assertArrayEquals(losses[0], losses[1], 1e-6);
    }

    @Test
    void aSetterReturnsANewFitAndLeavesTheOriginalAsItWas() {
        Fit recipe = Fit.adam(1e-3f).epochs(4).batchSize(16).seed(7);
        Fit changed = recipe.lr(1e-4f).epochs(9).batchSize(8).seed(1).quiet().name("x");
        assertEquals(1e-3f, recipe.lr());
        assertEquals(4, recipe.epochs());
        assertEquals(16, recipe.batchSize());
        assertEquals(7, recipe.seed());
        assertEquals(1e-4f, changed.lr());
        assertEquals(9, changed.epochs());
        assertEquals(8, changed.batchSize());
        assertEquals(1, changed.seed());
    }
}
