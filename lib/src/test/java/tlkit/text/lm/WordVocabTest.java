package tlkit.text.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import tlkit.text.TextDataset;

class WordVocabTest {

    static final List<String> CORPUS = List.of("the movie was great .", "the plot was thin .", "The END");

    @Test
    void unknownWordsMapToUnk() {
        WordVocab vocab = WordVocab.build(CORPUS, 100);
        assertEquals(WordVocab.UNK, vocab.id("zebra"));
        int[] ids = vocab.encode("the zebra was great");
        assertEquals(WordVocab.UNK, ids[1]);
        assertEquals("great", vocab.word(ids[3]));
    }

    @Test
    void mostFrequentWordsComeFirstAndTheSizeIsCapped() {
        WordVocab vocab = WordVocab.build(CORPUS, 6);
        assertEquals(List.of("<pad>", "<unk>", "<eos>", "the", ".", "was"), vocab.words());
        assertEquals(WordVocab.UNK, vocab.id("movie"));
        assertEquals(3, vocab.id("THE"), "lower-cased like the corpus");
        assertEquals(7.0 / 12, vocab.coverage(CORPUS), 1e-9, "the x3, . x2, was x2 of 12 words");
        assertThrows(IllegalArgumentException.class, () -> WordVocab.build(CORPUS, 3));
    }

    @Test
    void sentenceBatchesShiftTargetsByOneWordAndEndWithEos() {
        WordVocab vocab = WordVocab.build(CORPUS, 100);
        SentenceBatches data = SentenceBatches.of(vocab, List.of("the movie was great ."), 40);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList b = data.batch(m, new int[] {0});
            int[] words = vocab.encode("the movie was great .");
            long[] inputs = b.get(0).toLongArray();
            long[] targets = b.get(2).toLongArray();
            float[] mask = b.get(1).toFloatArray();
            assertEquals(8, inputs.length, "padded to a multiple of 8");
            assertEquals(WordVocab.EOS, inputs[0]);
            for (int j = 0; j < words.length; j++) {
                assertEquals(words[j], inputs[j + 1]);
                assertEquals(words[j], targets[j]);
            }
            assertEquals(WordVocab.EOS, targets[words.length]);
            assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 0, 0}, mask);
        }
    }

    @Test
    void classifierBatchesStartWithEosAndMaskThePadding() {
        WordVocab vocab = WordVocab.build(CORPUS, 100);
        TextDataset d = new TextDataset("t", List.of("the movie", "the plot was thin ."), new int[] {0, 1}, List.of("a", "b"));
        try (NDManager m = NDManager.newBaseManager()) {
            NDList b = new LmTextBatches(vocab, d, 40).inputs(m, new int[] {0, 1});
            assertEquals(2, b.get(0).getShape().get(0));
            assertEquals(8, b.get(0).getShape().get(1));
            long[] ids = b.get(0).toLongArray();
            long[] mask = b.get(1).toLongArray();
            assertEquals(WordVocab.EOS, ids[0]);
            assertEquals(vocab.id("movie"), ids[2]);
            assertArrayEquals(new long[] {1, 1, 1, 0, 0, 0, 0, 0}, java.util.Arrays.copyOf(mask, 8));
        }
    }
}
