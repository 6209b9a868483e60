package tlkit.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tlkit.models.Stage;

/** The imported encoder trains in DJL: gradients flow through the unfrozen stages only. */
class TextEncoderFineTuningTest {

    static final List<String> TEXTS = List.of(
            "a wonderful, moving film", "terrible acting and a boring plot", "i loved every minute of it",
            "a waste of time", "brilliant and funny", "dull , lifeless and far too long",
            "a triumph of storytelling", "the worst movie of the year");
    static final float[] LABELS = {1, 0, 1, 0, 1, 0, 1, 0};

    @Test
    void fineTuningUpdatesUnfrozenStagesAndLeavesFrozenOnesBitIdentical(@TempDir Path dir) throws Exception {
        // a private copy: training must not change the shared encoder other tests compare against
        BertLoader.saveHuggingFaceFolder(SharedMiniLm.get(), dir);
        try (TextEncoder encoder = BertLoader.fromHuggingFaceFolder(dir);
                Model model = Model.newInstance("minilm-sentiment")) {
            for (Stage s : encoder.stages()) {
                if (!s.name().equals("layer4") && !s.name().equals("layer5")) {
                    s.freeze();
                }
            }
            float[] embeddingBefore = weight(encoder, "embeddings.word_embeddings.weight");
            float[] layer3Before = weight(encoder, "encoder.layer.3.intermediate.dense.weight");
            float[] layer5Before = weight(encoder, "encoder.layer.5.attention.self.query.weight");

            ai.djl.engine.Engine.getInstance().setRandomSeed(1234); // head initialisation and dropout
            SequentialBlock net = new SequentialBlock().add(encoder.block()).add(Linear.builder().setUnits(2).build());
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-4f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                Shape ids = new Shape(TEXTS.size(), 12);
                trainer.initialize(ids, ids, ids);
                float first = 0;
                float last = 0;
                long totalNanos = 0;
                int steps = 8;
                for (int step = 0; step < steps; step++) {
                    try (NDManager scope = model.getNDManager().newSubManager()) {
                        NDList inputs = encoder.tokenize(scope, TEXTS, 64);
                        NDArray labels = scope.create(LABELS);
                        long t0 = System.nanoTime();
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray loss = trainer.getLoss().evaluate(new NDList(labels), trainer.forward(inputs));
                            gc.backward(loss);
                            if (step == 0) {
                                first = loss.getFloat();
                            }
                            last = loss.getFloat();
                        }
                        trainer.step();
                        totalNanos += System.nanoTime() - t0;
                    }
                }
                System.out.printf("fine-tune step (batch %d, layers 4-5 + head): %.0f ms; loss %.3f -> %.3f%n",
                        TEXTS.size(), totalNanos / 1e6 / steps, first, last);
                assertTrue(last < first * 0.8, "training loss should fall: " + first + " -> " + last);
            }
            assertArrayEquals(embeddingBefore, weight(encoder, "embeddings.word_embeddings.weight"), 0f);
            assertArrayEquals(layer3Before, weight(encoder, "encoder.layer.3.intermediate.dense.weight"), 0f);
            float[] layer5After = weight(encoder, "encoder.layer.5.attention.self.query.weight");
            assertEquals(layer5Before.length, layer5After.length);
            assertFalse(java.util.Arrays.equals(layer5Before, layer5After), "unfrozen layer5 must change");
        }
    }

    @Test
    void stagesChainHiddenStatesAndMaskIntoPooledFeatures() {
        TextEncoder encoder = SharedMiniLm.get();
        assertEquals(List.of("embeddings", "layer0", "layer1", "layer2", "layer3", "layer4", "layer5"),
                encoder.stages().stream().map(Stage::name).toList());
        try (NDManager m = NDManager.newBaseManager()) {
            NDList inputs = encoder.tokenize(m, List.of("one", "two words here"), 32);
            var store = new ai.djl.training.ParameterStore(m, false);
            NDList x = inputs;
            for (Stage s : encoder.stages()) {
                x = s.forward(store, x, false);
                assertEquals(2, x.size(), s.name() + " must pass (hidden, mask)");
                assertEquals(new Shape(2, 5, 384), x.get(0).getShape(), s.name());
            }
            NDArray pooled = encoder.block().forward(store, inputs, false).singletonOrThrow();
            assertEquals(new Shape(2, 384), pooled.getShape());
        }
    }

    private static float[] weight(TextEncoder encoder, String name) {
        return encoder.bert().export().get(name).values();
    }
}
