package tlkit.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizedBatchesTest {

    @Test
    void batchesPadToTheLongestSelectedTextAndKeepLabels() throws Exception {
        TextTokenizer tokenizer = TextEncoders.miniLmTokenizer();
        TextDataset data = new TextDataset("toy", List.of("short one", "a much longer sentence than the others here", "mid length text"),
                new int[] {0, 1, 0}, List.of("neg", "pos"));
        TokenizedBatches source = new TokenizedBatches(tokenizer, data, 64);
        assertEquals(3, source.size());
        assertArrayEquals(new int[] {0, 1, 0}, source.labels());
        assertEquals(2, source.numClasses());
        try (NDManager m = NDManager.newBaseManager()) {
            NDList shortOnes = source.inputs(m, new int[] {0, 2});
            NDList withLong = source.inputs(m, new int[] {0, 1});
            assertEquals(3, shortOnes.size());
            assertEquals(tokenizer.tokenCount("mid length text"), shortOnes.get(0).getShape().get(1));
            assertEquals(tokenizer.tokenCount("a much longer sentence than the others here"),
                    withLong.get(0).getShape().get(1));
        }
    }
}
