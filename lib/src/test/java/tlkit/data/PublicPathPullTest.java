package tlkit.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tlkit.data.catalog.CatalogException;
import tlkit.data.catalog.CatalogIndex;
import tlkit.data.catalog.PullReport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public path without a mirror: a loopback server holds only the upstream originals at their public
 * URL paths, TLKIT_URL_REWRITE's setting points github.com at it, and the pull derives the converted
 * weights on this machine — byte-identical to the course mirror's copies. Plus the ways it can fail.
 */
class PublicPathPullTest {

    private static final List<String> WEIGHTS = List.of("mobilenet-v1-025-imagenet", "resnet-cifar10", "kws-dscnn");

    @TempDir
    Path root;

    private Path cache() {
        return root.resolve("cache");
    }

    private Catalog publicCatalog(LoopbackMirrorServer server, PrintStream progress) {
        return Catalog.builder().cache(cache()).mirror(null)
                .urlRewrite(PublicOrigins.PUBLIC_HOST + "=" + server.url()).progress(progress).build();
    }

    private static void assertSameAsMirror(String id, String file, Path folder) {
        Path mirrorCopy = TestMirror.dir().resolve(CatalogIndex.bundled().item(id).mirrorPath()).resolve(file);
        try {
            assertEquals(-1, Files.mismatch(mirrorCopy, folder.resolve(file)), id + ": " + file + " differs from the mirror's copy");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void weightsAndCourseNotesComeFromUpstreamOriginalsAndDerivedFilesMatchTheMirrorBitForBit() throws IOException {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (LoopbackMirrorServer server = PublicOrigins.serve(List.of("mobilenet-v1-025-imagenet", "resnet-cifar10", "kws-dscnn", "sst2"))) {
            Catalog catalog = publicCatalog(server, new PrintStream(progress, true, StandardCharsets.UTF_8));

            int derived = 0;
            for (String id : WEIGHTS) {
                PullReport r = catalog.pull(id);
                derived += r.derived();
                for (var d : catalog.item(id).derived()) {
                    assertSameAsMirror(id, d.path(), r.folder());
                }
                assertTrue(catalog.isPresent(id), id);
            }
            Path sst2 = catalog.path("sst2");

            assertEquals(7, derived, "1 MobileNet + 4 ResNets + 2 DS-CNN layouts");
            assertSameAsMirror("sst2", "LICENSE", sst2);
            assertSameAsMirror("mobilenet-v1-025-imagenet", "LICENSE", cache().resolve("mobilenet-v1-025-imagenet"));
            assertTrue(server.requested.stream().noneMatch(p -> p.endsWith(".safetensors")), server.requested.toString());
            assertEquals(List.of(), server.requested.stream().filter(p -> PublicOrigins.of(TestMirror.dir(),
                    List.of("mobilenet-v1-025-imagenet", "resnet-cifar10", "kws-dscnn", "sst2")).get(p) == null).toList(), "no 404s");
            String out = progress.toString(StandardCharsets.UTF_8);
            assertTrue(out.matches("(?s).*derived resnet20\\.safetensors from resnet20-12fca82f\\.th \\(torch-legacy-state-dict\\) in \\d+\\.\\d\\d s.*"), out);
            assertTrue(out.contains("MB/s"), out);
        }
        try (Stream<Path> top = Files.list(root)) {
            assertEquals(List.of(cache()), top.toList(), "nothing is written outside the cache");
        }
        assertEquals(0, TestMirror.countFiles(cache(), ".part"));

        try (LoopbackMirrorServer server = PublicOrigins.serve(WEIGHTS)) {
            PullReport again = publicCatalog(server, null).pull("resnet-cifar10");
            assertTrue(again.alreadyComplete());
            assertEquals(0, server.requests.get(), "a complete item is not downloaded or derived again");
        }
    }

    @Test
    void anOriginalWithAWrongHashFailsNamingFileAndUrlAndNothingIsDerived() throws IOException {
        try (LoopbackMirrorServer server = PublicOrigins.serve(WEIGHTS)) {
            server.corrupt = PublicOrigins.path("resnet-cifar10", "resnet20-12fca82f.th");
            Catalog catalog = publicCatalog(server, null);

            CatalogException e = assertThrows(CatalogException.class, () -> catalog.pull("resnet-cifar10"));

            String msg = e.getMessage();
            assertTrue(msg.contains("'resnet20-12fca82f.th'"), msg);
            assertTrue(msg.contains(server.url() + server.corrupt), msg);
            assertTrue(msg.contains("has SHA-256 ") && msg.contains("the catalog expects 12fca82f"), msg);
            assertTrue(msg.contains("\nFix: "), msg);
            assertFalse(Files.exists(cache().resolve("resnet-cifar10/resnet20-12fca82f.th")));
            assertEquals(0, TestMirror.countFiles(cache(), ".safetensors"));
            assertEquals(0, TestMirror.countFiles(cache(), ".part"));
            assertFalse(catalog.isPresent("resnet-cifar10"));
        }
    }

    @Test
    void aTruncatedOriginalLeavesNothingAndTheNextPullResumesAndDerives() throws IOException {
        try (LoopbackMirrorServer server = PublicOrigins.serve(WEIGHTS)) {
            server.cutAfterHalf = PublicOrigins.path("mobilenet-v1-025-imagenet", "mobilenet_2_5_224_tf_no_top.h5");
            Catalog catalog = publicCatalog(server, null);

            CatalogException e = assertThrows(CatalogException.class, () -> catalog.pull("mobilenet-v1-025-imagenet"));

            assertTrue(e.getMessage().contains("broke off after") || e.getMessage().contains("bytes, the catalog expects"), e.getMessage());
            assertTrue(e.getMessage().contains("'mobilenet_2_5_224_tf_no_top.h5'"), e.getMessage());
            Path folder = cache().resolve("mobilenet-v1-025-imagenet");
            assertFalse(Files.exists(folder.resolve("mobilenet_2_5_224_tf_no_top.h5")));
            assertFalse(Files.exists(folder.resolve("mobilenet_2_5_224_tf_no_top.safetensors")));
            assertEquals(0, TestMirror.countFiles(cache(), ".part"));

            server.cutAfterHalf = null;
            PullReport r = catalog.pull("mobilenet-v1-025-imagenet");

            assertEquals(1, r.kept(), "the LICENSE note installed before the cut is kept");
            assertEquals(1, r.fetched());
            assertEquals(1, r.derived());
            assertSameAsMirror("mobilenet-v1-025-imagenet", "mobilenet_2_5_224_tf_no_top.safetensors", folder);
        }
    }

    @Test
    void aDerivationThatFailsHalfwayWritesNothingAndTheNextPullRetries(@TempDir Path data) throws IOException {
        // a catalog whose per-tensor hash for resnet20's last tensor is wrong: the conversion fails after reading everything
        copyBundledCatalog(data);
        Path tensors = data.resolve("manifests/resnet-cifar10.tensors");
        String text = Files.readString(tensors);
        int at = text.indexOf("  resnet20.safetensors  linear.bias");
        String wrong = text.substring(0, at - 64) + "0".repeat(64) + text.substring(at);
        Files.writeString(tensors, wrong);

        try (LoopbackMirrorServer server = PublicOrigins.serve(WEIGHTS)) {
            Catalog broken = Catalog.builder().index(CatalogIndex.fromFolder(data)).cache(cache()).mirror(null)
                    .urlRewrite(PublicOrigins.PUBLIC_HOST + "=" + server.url()).progress(null).build();

            CatalogException e = assertThrows(CatalogException.class, () -> broken.pull("resnet-cifar10"));

            String msg = e.getMessage();
            assertTrue(msg.contains("deriving 'resnet20.safetensors' from resnet20-12fca82f.th"), msg);
            assertTrue(msg.contains("tensor 'linear.bias' has SHA-256"), msg);
            assertTrue(msg.contains("\nFix: run `./kit pull resnet-cifar10` again"), msg);
            Path folder = cache().resolve("resnet-cifar10");
            assertFalse(Files.exists(folder.resolve("resnet20.safetensors")));
            assertEquals(0, TestMirror.countFiles(cache(), ".part"));
            assertFalse(Files.exists(cache().resolve("resnet-cifar10.complete")));
            assertTrue(Files.isRegularFile(folder.resolve("resnet56-4bfd9763.th")), "verified originals are kept");
            int downloads = server.requests.get();

            PullReport r = publicCatalog(server, null).pull("resnet-cifar10");

            assertEquals(downloads, server.requests.get(), "the retry re-derives from the kept originals, downloads nothing");
            assertEquals(4, r.derived());
            for (String d : List.of("resnet20", "resnet32", "resnet44", "resnet56")) {
                assertSameAsMirror("resnet-cifar10", d + ".safetensors", folder);
            }
        }
    }

    @Test
    void http404And500FailNamingStatusUrlAndFix() throws IOException {
        try (LoopbackMirrorServer server = PublicOrigins.serve(List.of())) {
            CatalogException e = assertThrows(CatalogException.class, () -> publicCatalog(server, null).pull("sms-spam"));
            assertTrue(e.getMessage().contains("HTTP status 404"), e.getMessage());
            assertTrue(e.getMessage().contains(server.url()), e.getMessage());
            assertTrue(e.getMessage().contains("\nFix: "), e.getMessage());
        }
        try (LoopbackMirrorServer server = PublicOrigins.serve(List.of("sms-spam"))) {
            server.status500 = PublicOrigins.path("sms-spam", "SMSSpamCollection");
            CatalogException e = assertThrows(CatalogException.class, () -> publicCatalog(server, null).pull("sms-spam"));
            assertTrue(e.getMessage().contains("HTTP status 500"), e.getMessage());
            assertTrue(e.getMessage().contains("'SMSSpamCollection'"), e.getMessage());
            assertFalse(Files.exists(cache().resolve("sms-spam/SMSSpamCollection")));
        }
    }

    @Test
    void aServerTooSlowToFinishTimesOutWithAClearMessage() throws IOException {
        String old = System.getProperty("tlkit.http.readTimeoutMs");
        System.setProperty("tlkit.http.readTimeoutMs", "800");
        try (LoopbackMirrorServer server = PublicOrigins.serve(List.of("sms-spam"))) {
            server.stall = PublicOrigins.path("sms-spam", "SMSSpamCollection");
            long start = System.nanoTime();

            CatalogException e = assertThrows(CatalogException.class, () -> publicCatalog(server, null).pull("sms-spam"));

            assertTrue((System.nanoTime() - start) / 1e9 < 15, "the read timeout bounds a stalled download");
            String msg = e.getMessage();
            assertTrue(msg.contains("'SMSSpamCollection'") && msg.contains("timed out: the server sent no data for 0.8 s"), msg);
            assertTrue(msg.contains("-Dtlkit.http.readTimeoutMs"), msg);
            assertEquals(0, TestMirror.countFiles(cache(), ".part"));
        } finally {
            if (old == null) {
                System.clearProperty("tlkit.http.readTimeoutMs");
            } else {
                System.setProperty("tlkit.http.readTimeoutMs", old);
            }
        }
    }

    /** catalog.json and every manifest, as bundled in the jar, into {@code data} (for a modified catalog). */
    private static void copyBundledCatalog(Path data) throws IOException {
        Files.createDirectories(data.resolve("manifests"));
        copyResource("catalog.json", data);
        for (String id : CatalogIndex.bundled().ids()) {
            for (String ext : List.of(".sha256", ".sizes", ".tensors")) {
                copyResource("manifests/" + id + ext, data);
            }
        }
    }

    private static void copyResource(String name, Path data) throws IOException {
        try (InputStream in = PublicPathPullTest.class.getClassLoader().getResourceAsStream(CatalogIndex.RESOURCE_BASE + name)) {
            if (in != null) {
                Files.copy(in, data.resolve(name));
            }
        }
    }
}
