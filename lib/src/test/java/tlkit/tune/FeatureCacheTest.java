package tlkit.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tlkit.testing.Cifar;
import tlkit.testing.TinyNets;
import tlkit.data.BatchSource;
import tlkit.data.ArrayBatches;

class FeatureCacheTest {

    @Test
    void headTrainedOnCachedFeaturesMatchesTrainingThroughTheFrozenBackbone() {
        BatchSource.Split split = Cifar.load(60, "cat", "ship").split(0.25, 2);
        Fit fit = Fit.sgd(0.1f).epochs(3).batchSize(16).seed(3).quiet();
        float[] direct;
        float[] cached;
        History hDirect;
        History hCached;
        long t0 = System.nanoTime();
        try (TransferModel m = TransferModel.of(TinyNets.backbone(21), Head.linear(2), 9)) {
            hDirect = fit.run(m, Strategy.featureExtraction(), split.train(), split.validation());
            direct = m.head().block().getParameters().get(0).getValue().getArray().toFloatArray();
        }
        long t1 = System.nanoTime();
        try (TransferModel m = TransferModel.of(TinyNets.backbone(21), Head.linear(2), 9)) {
            FeatureCache train = FeatureCache.compute(m.backbone(), split.train());
            FeatureCache val = FeatureCache.compute(m.backbone(), split.validation());
            hCached = fit.fitHead(m, train, val);
            cached = m.head().block().getParameters().get(0).getValue().getArray().toFloatArray();
        }
        long t2 = System.nanoTime();
        System.out.printf("through frozen backbone %.2fs, cached (incl. feature pass) %.2fs: speed-up %.1fx%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t1 - t0) / (double) (t2 - t1));
        assertArrayEquals(direct, cached, 1e-4f, "same head weights");
        assertArrayEquals(hDirect.column("val_loss"), hCached.column("val_loss"), 1e-4);
        assertArrayEquals(hDirect.column("val_acc"), hCached.column("val_acc"), 1e-9);
    }

    @Test
    void savedCacheLoadsBackIdentically(@TempDir Path dir) throws IOException {
        ArrayBatches data = Cifar.load(5, "dog", "horse");
        try (var backbone = TinyNets.backbone(22)) {
            FeatureCache cache = FeatureCache.compute(backbone, data, 4);
            Path file = dir.resolve("sub/feat.bin");
            cache.save(file);
            try (var files = Files.list(file.getParent())) {
                assertEquals(1, files.count(), "no temporary file left behind");
            }
            FeatureCache back = FeatureCache.load(file);
            assertEquals(cache.size(), back.size());
            assertArrayEquals(cache.labels(), back.labels());
            for (int i = 0; i < cache.size(); i++) {
                assertArrayEquals(cache.features(i), back.features(i));
            }
            assertTrue(back.features(0).length == 32);
            FeatureCache again = FeatureCache.computeOrLoad(backbone, data, file);
            assertArrayEquals(cache.features(3), again.features(3));
            Files.writeString(file, "garbage!");
            assertThrows(IllegalStateException.class, () -> FeatureCache.load(file));
        }
    }
}
