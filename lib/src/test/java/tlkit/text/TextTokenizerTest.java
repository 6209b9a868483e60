package tlkit.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {

    static final long CLS = 101;
    static final long SEP = 102;
    static TextTokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = TextEncoders.miniLmTokenizer();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void batchIsPaddedToItsLongestTextNotToMaxLen() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList b = tokenizer.tokenizeBatch(m, List.of("hello world", "a cat sits on the mat"), 64);
            assertEquals(3, b.size());
            for (int i = 0; i < 3; i++) {
                assertEquals(DataType.INT64, b.get(i).getDataType());
            }
            // [CLS] a cat sits on the mat [SEP] = 8 tokens
            assertEquals(8, b.get(0).getShape().get(1));
            assertArrayEquals(new long[] {CLS, 7592, 2088, SEP, 0, 0, 0, 0}, b.get(0).get(0).toLongArray());
            assertArrayEquals(new long[] {1, 1, 1, 1, 0, 0, 0, 0}, b.get(1).get(0).toLongArray());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1}, b.get(1).get(1).toLongArray());
            assertEquals(0, b.get(2).sum().getLong());
        }
    }

    @Test
    void longTextIsTruncatedAtMaxLenAndKeepsSep() {
        String longText = "word ".repeat(300);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList b = tokenizer.tokenizeBatch(m, List.of(longText, "short"), 16);
            assertEquals(16, b.get(0).getShape().get(1));
            long[] first = b.get(0).get(0).toLongArray();
            assertEquals(CLS, first[0]);
            assertEquals(SEP, first[15]);
            assertEquals(16, b.get(1).get(0).sum().getLong());
        }
        assertEquals(302, tokenizer.tokenCount(longText));
    }

    @Test
    void piecesShowHowBiomedicalTermsFragment() {
        List<String> pieces = tokenizer.pieces("Dihydrofolate reductase");
        assertEquals("di", pieces.get(0), "lower-cased: " + pieces);
        assertTrue(pieces.size() > 2 && pieces.stream().skip(1).anyMatch(p -> p.startsWith("##")), pieces.toString());
        assertEquals(List.of("the", "cat"), tokenizer.pieces("The cat"));
    }

    @Test
    void maxLenOutsideTheModelRangeIsRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            var e = assertThrows(IllegalArgumentException.class, () -> tokenizer.tokenizeBatch(m, List.of("x"), 1000));
            assertTrue(e.getMessage().contains("512"), e.getMessage());
        }
    }
}
