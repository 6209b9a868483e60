package tlkit.data.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tlkit.data.TestMirror;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guards the hand-written catalog.json and the generated manifests against drift from the course data. */
class CatalogConsistencyTest {

    private static final Pattern PINNED_GITHUB_RAW = Pattern.compile("https://github\\.com/[^/]+/[^/]+/raw/[0-9a-f]{40}/.+");

    private static Path repoData() {
        Path root = Path.of(System.getProperty("tlkit.root", "..")).toAbsolutePath();
        Path data = Files.isRegularFile(root.resolve("data/catalog.json")) ? root.resolve("data") : root.resolve("../data");
        assertTrue(Files.isRegularFile(data.resolve("catalog.json")), "no data/catalog.json under " + root);
        return data;
    }

    @Test
    void everyManifestEntryIsInTheMirrorWithThatChecksumAndSize() throws IOException {
        Path mirror = TestMirror.dir();
        Map<String, String> sums = ManifestGenerator.readSha256Sums(mirror.resolve("SHA256SUMS"));
        CatalogIndex index = CatalogIndex.bundled();
        assertEquals(9, index.items().size());
        for (CatalogItem item : index.items()) {
            String prefix = item.mirrorPath() + "/";
            for (ItemFile f : item.files()) {
                assertEquals(sums.get(prefix + f.path()), f.sha256(), item.id() + ": " + f.path());
                assertEquals(Files.size(mirror.resolve(prefix + f.path())), f.size(), item.id() + ": " + f.path());
            }
            long inMirror = sums.keySet().stream().filter(p -> p.startsWith(prefix)).count();
            assertEquals(inMirror, item.files().size(), item.id() + ": the manifest must list every mirror file");
        }
    }

    @Test
    void generatorReproducesTheCommittedAndBundledManifests() throws IOException {
        Path data = repoData();
        Map<String, String> generated = ManifestGenerator.render(TestMirror.dir(), CatalogIndex.fromFolder(data));
        assertEquals(18 + 3, generated.size(), "sha256 + sizes per item, tensors for the 3 items with derived files");
        for (Map.Entry<String, String> e : generated.entrySet()) {
            assertEquals(e.getValue(), Files.readString(data.resolve("manifests").resolve(e.getKey()), StandardCharsets.UTF_8),
                    e.getKey() + " is stale: rerun ManifestGenerator (data/README.md)");
        }
        CatalogIndex folder = CatalogIndex.fromFolder(data);
        for (CatalogItem item : CatalogIndex.bundled().items()) {
            assertEquals(folder.item(item.id()).manifestHash(), item.manifestHash(), item.id() + ": jar resources are stale, rebuild");
        }
    }

    @Test
    void everyFileHasACommitPinnedPublicUrlUnlessDeclaredMirrorOnly() {
        assertTrue(CatalogIndex.bundled().items().stream().allMatch(i -> i.mirrorOnly().isEmpty()),
                "every file has a public origin: a URL, a course note in the repository, or a derivation");
        for (CatalogItem item : CatalogIndex.bundled().items()) {
            for (String m : item.mirrorOnly()) {
                assertTrue(item.files().stream().anyMatch(f -> f.path().equals(m)), item.id() + ": mirrorOnly " + m + " is not a file");
                assertEquals(0, item.matchingSourceRules(m), item.id() + ": " + m + " is mirrorOnly but a source rule matches it");
            }
            if (!item.mirrorOnly().isEmpty()) {
                assertFalse(item.mirrorOnlyWhy() == null || item.mirrorOnlyWhy().isBlank(), item.id() + ": say why files are mirror-only");
            }
            for (ItemFile f : item.files()) {
                if (item.mirrorOnly().contains(f.path())) {
                    continue;
                }
                if (item.derived(f.path()).isPresent()) {
                    assertEquals(0, item.matchingSourceRules(f.path()), item.id() + ": " + f.path() + " is derived but a source rule matches it");
                    continue;
                }
                if (item.courseNotes().contains(f.path())) {
                    assertEquals(0, item.matchingSourceRules(f.path()), item.id() + ": " + f.path() + " is a course note but a source rule matches it");
                    continue;
                }
                String url = item.publicUrl(f).orElseThrow(() -> new AssertionError(item.id() + ": no URL for " + f.path()));
                assertTrue(PINNED_GITHUB_RAW.matcher(url).matches(), url);
            }
            assertFalse(item.license() == null || item.license().isBlank(), item.id());
            assertFalse(item.citation() == null || item.citation().isBlank(), item.id());
            assertTrue(item.canonical().startsWith("https://"), item.id());
        }
    }

    @Test
    void courseNotesAreBundledInTheJarWithTheManifestChecksum() throws IOException {
        int notes = 0;
        for (CatalogItem item : CatalogIndex.bundled().items()) {
            for (ItemFile f : item.files()) {
                if (item.derived(f.path()).isPresent()) {
                    assertEquals(0, item.matchingSourceRules(f.path()), item.id() + ": " + f.path() + " is derived but a source rule matches it");
                    continue;
                }
                if (item.courseNotes().contains(f.path())) {
                    String resource = item.courseNoteResource(f.path()).orElseThrow();
                    try (var in = getClass().getClassLoader().getResourceAsStream(resource)) {
                        assertTrue(in != null, "missing from the jar: " + resource);
                        assertEquals(f.sha256(), Sha256.of(in.readAllBytes()), resource + " differs from the manifest");
                    }
                    notes++;
                }
            }
        }
        assertEquals(4, notes, "cifar10-test, hymenoptera, sst2, mobilenet-v1-025-imagenet");
    }

    @Test
    void publicUrlsMapMirrorPathsToUpstreamPathsPercentEncoded() {
        CatalogIndex index = CatalogIndex.bundled();
        assertEquals("https://github.com/zhangtao7750/syn/raw/f0503091488f67b6809a6da2eaa43c25f2f277fc/hymenoptera_data/train/ants/ant%20photos.jpg",
                index.item("hymenoptera").publicUrl("train/ants/ant photos.jpg").orElseThrow());
        assertEquals("https://github.com/zhangtao7750/syn/raw/f0503091488f67b6809a6da2eaa43c25f2f277fc/hymenoptera_data/val/ants/F.pergan.28%28f%29.jpg",
                index.item("hymenoptera").publicUrl("val/ants/F.pergan.28(f).jpg").orElseThrow());
        assertEquals("https://github.com/mlcommons/tiny/raw/1afd2c9820f795965a6134facd0b4dfae41ef23f/LICENSE.md",
                index.item("kws-dscnn").publicUrl("LICENSE").orElseThrow());
        assertEquals("https://github.com/tensorflow/tflite-micro/raw/90b983c2b3f1480642e040bbd2ddb37b998f3424/LICENSE",
                index.item("kws-dscnn").publicUrl("samples/LICENSE").orElseThrow());
        assertEquals("https://github.com/akamaster/pytorch_resnet_cifar10/raw/d5489e8995e81e91ce6b1d69dcc98ad579b0b153/pretrained_models/resnet20-12fca82f.th",
                index.item("resnet-cifar10").publicUrl("resnet20-12fca82f.th").orElseThrow());
        assertTrue(index.item("resnet-cifar10").publicUrl("resnet20.safetensors").isEmpty());
    }

    @Test
    void cacheDefaultsToDataCacheOfTheNearestRepoAboveTheWorkingFolder(@TempDir Path repo) throws IOException {
        Files.createDirectories(repo.resolve("data"));
        Files.writeString(repo.resolve("data/catalog.json"), "{}");
        Path notebooks = Files.createDirectories(repo.resolve("notebooks/week1"));
        assertEquals(repo.resolve("data"), CatalogSettings.repoDataFolder(notebooks).orElseThrow());
        assertTrue(CatalogSettings.repoDataFolder(repo.getRoot()).isEmpty());
    }
}
