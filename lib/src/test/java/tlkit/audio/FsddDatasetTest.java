package tlkit.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FsddDatasetTest {

    static FsddDataset fsdd;

    @BeforeAll
    static void load() {
        fsdd = FsddDataset.load();
    }

    @Test
    void allThreeThousandRecordingsOfSixSpeakersAreLoadedWithMfccs() {
        assertEquals(3000, fsdd.size());
        assertEquals(List.of("george", "jackson", "lucas", "nicolas", "theo", "yweweler"), fsdd.speakers());
        int[] perDigit = new int[10];
        Arrays.stream(fsdd.labels()).forEach(d -> perDigit[d]++);
        assertArrayEquals(new int[] {300, 300, 300, 300, 300, 300, 300, 300, 300, 300}, perDigit);
        FsddDataset.Recording r = fsdd.recording(1234);
        assertEquals(r.digit() + "_" + r.speaker() + "_" + r.index() + ".wav", r.file().getFileName().toString());
        assertArrayEquals(Audio.mfcc(r.file()), fsdd.mfcc(1234), 0f);
    }

    @Test
    void officialSplitPutsRecordings0To4InTest() {
        FsddDataset.Split s = fsdd.officialSplit();
        assertEquals(2700, s.train().length);
        assertEquals(300, s.test().length);
        assertTrue(Arrays.stream(s.test()).allMatch(i -> fsdd.recording(i).index() <= 4));
        assertTrue(Arrays.stream(s.train()).allMatch(i -> fsdd.recording(i).index() >= 5));
    }

    @Test
    void heldOutSpeakerSplitTestsOnOneSpeakerOnly() {
        FsddDataset.Split s = fsdd.heldOutSpeaker("george");
        assertEquals(500, s.test().length);
        assertEquals(2500, s.train().length);
        assertTrue(Arrays.stream(s.test()).allMatch(i -> fsdd.recording(i).speaker().equals("george")));
        assertTrue(Arrays.stream(s.train()).noneMatch(i -> fsdd.recording(i).speaker().equals("george")));
    }

    @Test
    void kPerClassIsStratifiedSeededAndInsideThePool() {
        int[] pool = fsdd.officialSplit().train();
        int[] a = fsdd.kPerClass(pool, 5, 42);
        assertEquals(50, a.length);
        int[] perDigit = new int[10];
        Arrays.stream(a).forEach(i -> perDigit[fsdd.labels()[i]]++);
        assertTrue(Arrays.stream(perDigit).allMatch(n -> n == 5));
        assertArrayEquals(a, fsdd.kPerClass(pool, 5, 42));
        assertFalse(Arrays.equals(a, fsdd.kPerClass(pool, 5, 43)));
        List<Integer> poolList = Arrays.stream(pool).boxed().toList();
        assertTrue(Arrays.stream(a).allMatch(poolList::contains));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> fsdd.kPerClass(pool, pool.length, 42));
        assertTrue(e.getMessage().startsWith("class 0 has "), e.getMessage());
    }

    @Test
    void batchHasModelLayoutAndDigitLabels() {
        int[] idx = IntStream.of(0, 700, 2999).toArray();
        try (NDManager m = NDManager.newBaseManager()) {
            NDList b = fsdd.batch(m, idx);
            assertEquals(new Shape(3, 1, 49, 10), b.get(0).getShape());
            assertArrayEquals(new float[] {fsdd.labels()[0], fsdd.labels()[700], fsdd.labels()[2999]},
                    b.get(1).toFloatArray());
            float[] x = b.get(0).toFloatArray();
            assertArrayEquals(fsdd.mfcc(700), Arrays.copyOfRange(x, 490, 980), 0f);
        }
    }
}
