package tlkit.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the mirror's text datasets (counts from SOURCES.md) and rejects malformed files clearly. */
class TextDataTest {

    @Test
    void sst2SplitsHaveTheDocumentedSizesAndTrimmedSentences() {
        TextDataset test = TextData.sst2("test");
        assertEquals("SST-2 (GLUE dev)", test.name());
        assertArrayEquals(new int[] {428, 444}, test.classCounts());
        assertArrayEquals(new int[] {2994, 3741}, TextData.sst2("dev").classCounts());
        TextDataset train = TextData.sst2("train");
        assertArrayEquals(new int[] {26786, 33828}, train.classCounts());
        assertEquals("when are bears bears and", train.text(0));
        assertEquals(1, train.label(0));
        assertEquals(List.of("negative", "positive"), train.classNames());
    }

    @Test
    void smsSpamSkipsTheExtraHeaderLine() {
        TextDataset sms = TextData.smsSpam();
        assertArrayEquals(new int[] {4827, 747}, sms.classCounts());
        assertTrue(sms.text(0).startsWith("Go until jurong point"), sms.text(0));
        assertEquals(List.of("ham", "spam"), sms.classNames());
    }

    @Test
    void medicalAbstractsParseQuotedMultiLineCsvIntoFiveClasses() {
        TextDataset med = TextData.medicalAbstracts();
        assertEquals(2888, med.size());
        assertArrayEquals(new int[] {633, 299, 385, 610, 961}, med.classCounts());
        assertEquals("neoplasms", med.classNames().get(0));
        assertEquals(2, med.label(0)); // first record has label 3 = nervous system diseases
        assertTrue(med.text(0).startsWith("Obstructive sleep apnea"), med.text(0));
        assertTrue(med.texts().stream().anyMatch(t -> t.contains(",")));
    }

    @Test
    void stratifiedSplitKeepsClassProportionsAndIsSeeded() {
        TextDataset med = TextData.medicalAbstracts();
        TextDataset[] parts = med.stratifiedSplit(0.8, 42);
        assertEquals(med.size(), parts[0].size() + parts[1].size());
        int[] all = med.classCounts();
        int[] train = parts[0].classCounts();
        for (int c = 0; c < all.length; c++) {
            assertEquals(Math.round(0.8 * all[c]), train[c], "class " + c);
        }
        // the corpus repeats some abstracts, so check that the parts partition the multiset of texts
        List<String> together = new ArrayList<>(parts[0].texts());
        together.addAll(parts[1].texts());
        List<String> whole = new ArrayList<>(med.texts());
        Collections.sort(together);
        Collections.sort(whole);
        assertEquals(whole, together, "the two parts must partition the dataset");
        assertEquals(parts[0].texts(), med.stratifiedSplit(0.8, 42)[0].texts());
        assertTrue(!parts[0].texts().equals(med.stratifiedSplit(0.8, 7)[0].texts()), "another seed, another split");
    }

    @Test
    void distinctTextsDropsAbstractsListedOncePerLabel() {
        TextDataset distinct = TextData.medicalAbstracts().distinctTexts();
        assertEquals(2770, distinct.size());
        assertEquals(2770, new java.util.HashSet<>(distinct.texts()).size());
    }

    @Test
    void kShotTakesKPerClass() {
        TextDataset k = TextData.smsSpam().kShot(8, 1);
        assertArrayEquals(new int[] {8, 8}, k.classCounts());
        var e = assertThrows(IllegalArgumentException.class, () -> TextData.smsSpam().kShot(1000, 1));
        assertTrue(e.getMessage().contains("spam") && e.getMessage().contains("747"), e.getMessage());
    }

    @Test
    void badSmsLabelNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("SMSSpamCollection");
        Files.writeString(f, "Label\tSMS\nham\thello\nspan\tcall now\n");
        var e = assertThrows(IllegalArgumentException.class, () -> TextData.readSmsSpam(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("line 3")
                && e.getMessage().contains("span"), e.getMessage());
    }

    @Test
    void missingCsvColumnNamesTheColumnAndFile(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("abstracts.csv");
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "condition_label,condition_name\n1,a\n2,b\n");
        Files.writeString(csv, "condition_label,text\n1,\"x, y\"\n");
        var e = assertThrows(IllegalArgumentException.class, () -> TextData.readMedicalAbstracts(csv, labels));
        assertTrue(e.getMessage().contains("medical_abstract") && e.getMessage().contains(csv.toString()),
                e.getMessage());
        Files.writeString(csv, "condition_label,medical_abstract\n1,\"fine, \"\"quoted\"\"\nline\"\n7,\"bad\"\n");
        var bad = assertThrows(IllegalArgumentException.class, () -> TextData.readMedicalAbstracts(csv, labels));
        assertTrue(bad.getMessage().contains("record 3") && bad.getMessage().contains("'7'"), bad.getMessage());
    }

    @Test
    void sst2WithoutHeaderIsRejected(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("train.tsv");
        Files.writeString(f, "good movie \t1\n");
        var e = assertThrows(IllegalArgumentException.class, () -> TextData.readSst2Tsv(f, "x"));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("header"), e.getMessage());
    }
}
