package tlkit.text.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tlkit.models.Backbone;
import tlkit.text.TextData;
import tlkit.text.TextDataset;
import tlkit.tune.Fit;
import tlkit.tune.Head;
import tlkit.tune.Strategy;
import tlkit.tune.TransferModel;

/** Real SST-2 sentences: a few hundred steps of next-word training, then the weights handed to a classifier. */
class LanguageModelTest {

    static WordVocab vocab;
    static SentenceBatches train;
    static SentenceBatches heldOut;

    @BeforeAll
    static void data() {
        List<String> texts = TextData.sst2("train").sample(20_000, 7).texts();
        vocab = WordVocab.build(texts, 3000);
        train = SentenceBatches.of(vocab, texts, 40);
        heldOut = SentenceBatches.of(vocab, TextData.sst2("test").texts(), 60).first(300);
    }

    @Test
    void threeHundredStepsOfNextWordTrainingCutHeldOutPerplexityTenfold() {
        try (LanguageModel lm = LanguageModel.create(vocab, 64, 128, 0.1f, 42)) {
            double before = lm.perplexity(heldOut);
            PretrainingLog log = Pretraining.adam(3e-3f).steps(300).evaluateEvery(100).quiet().run(lm, train, heldOut);
            double after = lm.perplexity(heldOut);
            assertTrue(before > 0.5 * vocab.size(), "a random model is about as unsure as a uniform guess: " + before);
            assertTrue(after < before / 10, "perplexity " + before + " -> " + after);
            assertEquals(after, log.perplexityAfter(), 1e-6);
            assertEquals(300, log.stepLosses().length);
            List<LanguageModel.NextWord> next = lm.nextWords("one of the", 5);
            assertEquals(5, next.size());
            assertTrue(next.get(0).probability() >= next.get(4).probability());
        }
    }

    @Test
    void theClassifierStartsFromThePretrainedWeightsAndTrainsACopy() {
        try (LanguageModel lm = LanguageModel.create(vocab, 32, 48, 0.1f, 3)) {
            Pretraining.adam(3e-3f).steps(20).quiet().run(lm, train, heldOut.first(50));
            List<float[]> lmWeights = lm.parameters().stream().map(p -> p.getArray().toFloatArray()).toList();
            Backbone encoder = lm.encoder("sst2-lm");
            List<Parameter> copied = new ArrayList<>();
            encoder.stages().forEach(s -> copied.addAll(s.inner().getParameters().values()));
            assertEquals(List.of("embedding", "lstm"), encoder.stages().stream().map(s -> s.name()).toList());
            for (int i = 0; i < copied.size(); i++) {
                assertArrayEquals(lmWeights.get(i), copied.get(i).getArray().toFloatArray(), 0f, "weight " + i);
            }
            TextDataset labelled = TextData.sst2("train").kShot(16, 5);
            try (TransferModel model = TransferModel.of(encoder, Head.linear(2), 5)) {
                LmTextBatches batches = new LmTextBatches(vocab, labelled, 40);
                Fit.adam(1e-2f).epochs(2).quiet().run(model, Strategy.full(), batches, null);
                assertFalse(java.util.Arrays.equals(lmWeights.get(0), copied.get(0).getArray().toFloatArray()),
                        "fine-tuning moved the copy's word vectors");
                assertArrayEquals(lmWeights.get(0), lm.parameters().get(0).getArray().toFloatArray(), 0f,
                        "the language model itself is untouched");
            }
        }
    }
}
