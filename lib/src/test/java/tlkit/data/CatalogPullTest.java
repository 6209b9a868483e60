package tlkit.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tlkit.data.catalog.CatalogException;
import tlkit.data.catalog.CatalogItem;
import tlkit.data.catalog.ItemFile;
import tlkit.data.catalog.PullReport;
import tlkit.data.catalog.Sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogPullTest {

    @TempDir
    Path cache;

    private Catalog catalogWithMirror(String mirror) {
        return Catalog.builder().cache(cache).mirror(mirror).progress(null).build();
    }

    private static void assertEveryFileMatchesManifest(CatalogItem item, Path folder) throws IOException {
        for (ItemFile f : item.files()) {
            Path p = folder.resolve(f.path());
            assertTrue(Files.isRegularFile(p), "missing " + p);
            assertEquals(f.sha256(), Sha256.of(p), "checksum of " + p);
        }
    }

    @Test
    void pullFromFolderMirrorCopiesAndVerifiesEveryFile() throws IOException {
        Catalog catalog = catalogWithMirror(TestMirror.dir().toString());
        assertFalse(catalog.isPresent("kws-dscnn"));

        PullReport report = catalog.pull("kws-dscnn");

        CatalogItem item = catalog.item("kws-dscnn");
        assertEquals(14, item.files().size());
        assertEquals(14, report.fetched());
        assertEquals(cache.resolve("kws-dscnn"), report.folder());
        assertEveryFileMatchesManifest(item, report.folder());
        assertTrue(catalog.isPresent("kws-dscnn"));
        assertEquals(item.manifestHash(), Files.readString(cache.resolve("kws-dscnn.complete")).strip());
        assertEquals(0, TestMirror.countFiles(cache, ".part"));
    }

    @Test
    void pathPullsOnFirstUseAndReturnsTheItemFolder() throws IOException {
        Catalog catalog = catalogWithMirror(TestMirror.dir().toString());
        assertFalse(Files.exists(cache.resolve("sms-spam")));

        Path folder = catalog.path("sms-spam");

        assertEquals(cache.resolve("sms-spam"), folder);
        List<String> lines = Files.readAllLines(folder.resolve("SMSSpamCollection"), StandardCharsets.UTF_8);
        assertEquals(5575, lines.size(), "5,574 messages + the header line of this copy");
        assertEquals("Label\tSMS", lines.get(0));
        assertTrue(catalog.isPresent("sms-spam"));
        assertTrue(catalog.pull("sms-spam").alreadyComplete(), "a second call must not copy again");
    }

    @Test
    void catalogGetReadsCacheAndMirrorFromSystemProperties() {
        Path mirror = TestMirror.dir();
        String old = System.getProperty("tlkit.cache");
        String oldMirror = System.getProperty("tlkit.mirror");
        System.setProperty("tlkit.cache", cache.toString());
        System.setProperty("tlkit.mirror", mirror.toString());
        try {
            Path folder = Catalog.get().path("medical-abstracts");
            assertEquals(cache.resolve("medical-abstracts"), folder);
            assertTrue(Files.isRegularFile(folder.resolve("medical_tc_test.csv")));
        } finally {
            restore("tlkit.cache", old);
            restore("tlkit.mirror", oldMirror);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void secondPullKeepsVerifiedFilesAndRefetchesMissingAndCorruptOnes() throws IOException {
        Catalog catalog = catalogWithMirror(TestMirror.dir().toString());
        Path folder = catalog.path("kws-dscnn");
        Files.delete(folder.resolve("samples/yes_1000ms.wav"));
        Path tampered = folder.resolve("kws_dscnn_torch.safetensors");
        byte[] bytes = Files.readAllBytes(tampered);
        bytes[bytes.length / 2] ^= 0x5a; // same size, wrong content: only the hash can tell
        Files.write(tampered, bytes);
        assertFalse(catalog.isPresent("kws-dscnn"), "a missing file must make the item incomplete");

        PullReport report = catalog.pull("kws-dscnn");

        assertEquals(2, report.fetched(), "the missing and the corrupt file");
        assertEquals(12, report.kept());
        assertEveryFileMatchesManifest(catalog.item("kws-dscnn"), folder);
        assertTrue(catalog.isPresent("kws-dscnn"));
    }

    @Test
    void corruptMirrorFileFailsNamingIdFileMirrorAndFixAndLeavesNothingValid(@TempDir Path badMirror) throws IOException {
        Path src = TestMirror.dir().resolve("text/sms-spam");
        Path dst = Files.createDirectories(badMirror.resolve("text/sms-spam"));
        Files.copy(src.resolve("LICENSE"), dst.resolve("LICENSE"));
        byte[] data = Files.readAllBytes(src.resolve("SMSSpamCollection"));
        data[1000] ^= 0x01;
        Files.write(dst.resolve("SMSSpamCollection"), data);
        Catalog catalog = catalogWithMirror(badMirror.toString());

        CatalogException e = assertThrows(CatalogException.class, () -> catalog.path("sms-spam"));

        String msg = e.getMessage();
        assertTrue(msg.contains("'sms-spam'"), msg);
        assertTrue(msg.contains("'SMSSpamCollection'"), msg);
        assertTrue(msg.contains(dst.resolve("SMSSpamCollection").toString()), msg);
        assertTrue(msg.contains(catalog.item("sms-spam").files().stream()
                .filter(f -> f.path().equals("SMSSpamCollection")).findFirst().orElseThrow().sha256()), msg);
        assertTrue(msg.contains("\nFix: the mirror copy is corrupt"), msg);
        assertFalse(Files.exists(cache.resolve("sms-spam/SMSSpamCollection")), "nothing at the final path");
        assertFalse(Files.exists(cache.resolve("sms-spam.complete")));
        assertEquals(0, TestMirror.countFiles(cache, ".part"));
        assertFalse(catalog.isPresent("sms-spam"));
    }

    @Test
    void courseLicenceNoteIsInstalledFromTheJarNotTheMirror(@TempDir Path mirrorWithoutNote) throws IOException {
        Path src = TestMirror.dir().resolve("text/sst2");
        Path dst = Files.createDirectories(mirrorWithoutNote.resolve("text/sst2"));
        for (String f : List.of("train.tsv", "dev.tsv", "test.tsv")) {
            Files.copy(src.resolve(f), dst.resolve(f));
        }
        Catalog catalog = catalogWithMirror(mirrorWithoutNote.toString());

        Path folder = catalog.path("sst2");

        assertEquals(-1, Files.mismatch(src.resolve("LICENSE"), folder.resolve("LICENSE")));
        assertTrue(Files.readString(folder.resolve("LICENSE")).contains("License status"));
        assertTrue(catalog.isPresent("sst2"));
    }

    @Test
    void mirrorOnlyFilesWithoutMirrorFailBeforeAnyDownloadAndNameTheFix(@TempDir Path data) throws IOException {
        // no catalog item is mirror-only any more: a one-item catalog keeps the rule tested
        Files.createDirectories(data.resolve("manifests"));
        Files.writeString(data.resolve("manifests/notes.sha256"), "0".repeat(64) + "  course-notes.txt\n");
        Files.writeString(data.resolve("manifests/notes.sizes"), "12  course-notes.txt\n");
        Files.writeString(data.resolve("catalog.json"), """
                {"items": [{"id": "notes", "kind": "dataset", "mirrorPath": "notes", "license": "none stated",
                            "sources": [], "mirrorOnly": ["course-notes.txt"], "mirrorOnlyWhy": "written for the lab"}]}""");
        Catalog catalog = Catalog.builder().index(tlkit.data.catalog.CatalogIndex.fromFolder(data)).cache(cache)
                .mirror(null).progress(null).build();

        CatalogException e = assertThrows(CatalogException.class, () -> catalog.path("notes"));

        assertTrue(e.getMessage().contains("course-notes.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("written for the lab"), e.getMessage());
        assertTrue(e.getMessage().contains("TLKIT_MIRROR"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("notes")), "no download was attempted");
    }

    @Test
    void unknownIdErrorListsTheKnownIds() {
        CatalogException e = assertThrows(CatalogException.class,
                () -> catalogWithMirror(null).path("cifar100"));
        assertTrue(e.getMessage().contains("'cifar100'"), e.getMessage());
        for (String id : List.of("mobilenet-v1-025-imagenet", "resnet-cifar10", "kws-dscnn", "fsdd", "cifar10-test",
                "hymenoptera", "sst2", "sms-spam", "medical-abstracts")) {
            assertTrue(e.getMessage().contains(id), id + " missing from: " + e.getMessage());
        }
    }

    @Test
    void tableListsEveryItemWithFilesSizeLicenceAndPresence() {
        Catalog catalog = catalogWithMirror(TestMirror.dir().toString());
        catalog.path("sms-spam");

        Table t = catalog.table();

        assertEquals(List.of("id", "kind", "files", "MB", "license", "present"), t.columnNames());
        assertEquals(9, t.rowCount());
        Table fsdd = t.where(t.stringColumn("id").isEqualTo("fsdd"));
        assertEquals(3001, fsdd.intColumn("files").get(0));
        assertEquals(21.1, fsdd.doubleColumn("MB").get(0), 1e-9);
        assertEquals("CC-BY-SA-4.0", fsdd.stringColumn("license").get(0));
        assertFalse(fsdd.booleanColumn("present").get(0));
        Table sms = t.where(t.stringColumn("id").isEqualTo("sms-spam"));
        assertTrue(sms.booleanColumn("present").get(0));
    }

    @Test
    void itemsCarryLicenceCitationAndCanonicalUrl() {
        CatalogItem item = catalogWithMirror(null).item("medical-abstracts");
        assertEquals("CC-BY-SA-3.0", item.license());
        assertTrue(item.citation().contains("Schopf"), item.citation());
        assertTrue(item.citation().contains("10.1145/3582768.3582795"), item.citation());
        assertEquals("https://github.com/sebischair/Medical-Abstracts-TC-Corpus", item.canonical());
        assertEquals("sebischair/Medical-Abstracts-TC-Corpus@70a2d9106c724729be8b3c4ddb00d1b14ec300c8", item.upstream());
    }
}
