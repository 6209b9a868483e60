package tlkit.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tlkit.data.catalog.CatalogException;
import tlkit.data.catalog.CatalogIndex;
import tlkit.data.catalog.CatalogItem;
import tlkit.data.catalog.ItemFile;
import tlkit.data.catalog.PullReport;
import tlkit.data.catalog.Sha256;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
/** The real HTTP path: the shared data folder served on a loopback port acts as the mirror. */
class HttpMirrorTest {

    @TempDir
    Path cache;

    @Test
    void pullOverLoopbackHttpMirrorDownloadsAndVerifiesEveryFile() throws IOException {
        try (LoopbackMirrorServer server = new LoopbackMirrorServer(TestMirror.dir())) {
            Catalog catalog = Catalog.builder().cache(cache).mirror(server.url()).progress(null).build();

            Path folder = catalog.path("kws-dscnn");

            CatalogItem item = catalog.item("kws-dscnn");
            assertEquals(item.files().size(), server.requests.get(), "one request per file");
            for (ItemFile f : item.files()) {
                assertEquals(f.sha256(), Sha256.of(folder.resolve(f.path())), f.path());
            }
            assertTrue(catalog.isPresent("kws-dscnn"));
        }
    }

    @Test
    void fileNamesWithSpacesAndParenthesesArriveOverHttp(@TempDir Path data) throws IOException {
        // a one-item catalog holding just the two awkward hymenoptera names, with their real checksums
        Path src = TestMirror.dir().resolve("images/hymenoptera");
        String[] names = {"train/ants/ant photos.jpg", "val/ants/F.pergan.28(f).jpg"};
        StringBuilder sha = new StringBuilder();
        StringBuilder sizes = new StringBuilder();
        for (String name : names) {
            sha.append(Sha256.of(src.resolve(name))).append("  ").append(name).append('\n');
            sizes.append(Files.size(src.resolve(name))).append("  ").append(name).append('\n');
        }
        Files.createDirectories(data.resolve("manifests"));
        Files.writeString(data.resolve("manifests/ants.sha256"), sha);
        Files.writeString(data.resolve("manifests/ants.sizes"), sizes);
        Files.writeString(data.resolve("catalog.json"), """
                {"items": [{"id": "ants", "kind": "dataset", "mirrorPath": "images/hymenoptera", "license": "none stated",
                            "sources": [], "mirrorOnly": []}]}""");
        try (LoopbackMirrorServer server = new LoopbackMirrorServer(TestMirror.dir())) {
            Catalog catalog = Catalog.builder().index(CatalogIndex.fromFolder(data)).cache(cache)
                    .mirror(server.url()).progress(null).build();

            Path folder = catalog.path("ants");

            for (String name : names) {
                assertEquals(Sha256.of(src.resolve(name)), Sha256.of(folder.resolve(name)), name);
            }
        }
    }

    @Test
    void missingFileOnHttpMirrorFailsWithStatusAndFix(@TempDir Path emptyMirror) throws IOException {
        try (LoopbackMirrorServer server = new LoopbackMirrorServer(emptyMirror)) {
            Catalog catalog = Catalog.builder().cache(cache).mirror(server.url()).progress(null).build();

            CatalogException e = assertThrows(CatalogException.class, () -> catalog.pull("sms-spam"));

            assertTrue(e.getMessage().contains("HTTP status 404"), e.getMessage());
            assertTrue(e.getMessage().contains(server.url() + "text/sms-spam/LICENSE"), e.getMessage());
            assertTrue(e.getMessage().contains("Fix: check that the mirror server"), e.getMessage());
            assertFalse(catalog.isPresent("sms-spam"));
        }
    }

    @Test
    void interruptedTransferLeavesNothingValidAndTheNextPullResumesAndCompletes() throws IOException {
        String cutFile = "original/kws_ref_model/saved_model.pb";
        try (LoopbackMirrorServer server = new LoopbackMirrorServer(TestMirror.dir())) {
            Catalog catalog = Catalog.builder().cache(cache).mirror(server.url()).progress(null).build();
            server.cutAfterHalf = "models/kws-dscnn/" + cutFile;

            CatalogException e = assertThrows(CatalogException.class, () -> catalog.pull("kws-dscnn"));

            String msg = e.getMessage();
            assertTrue(msg.contains("'kws-dscnn'"), msg);
            assertTrue(msg.contains("'" + cutFile + "'"), msg);
            assertTrue(msg.contains(server.url() + "models/kws-dscnn/" + cutFile), msg);
            assertTrue(msg.contains("\nFix: "), msg);
            assertFalse(Files.exists(cache.resolve("kws-dscnn").resolve(cutFile)), "no file at the final path");
            assertEquals(0, TestMirror.countFiles(cache, ".part"));
            assertFalse(Files.exists(cache.resolve("kws-dscnn.complete")));
            assertFalse(catalog.isPresent("kws-dscnn"));
            long before = TestMirror.countFiles(cache.resolve("kws-dscnn"), "");

            server.cutAfterHalf = null;
            PullReport report = catalog.pull("kws-dscnn");

            assertTrue(before > 0, "files before the cut were kept");
            assertEquals(before, report.kept(), "kept files are re-hashed, not fetched again");
            assertEquals(14 - before, report.fetched());
            assertTrue(catalog.isPresent("kws-dscnn"));
            assertEquals(catalog.item("kws-dscnn").files().stream().filter(f -> f.path().equals(cutFile))
                    .findFirst().orElseThrow().sha256(), Sha256.of(cache.resolve("kws-dscnn").resolve(cutFile)));
        }
    }
}
