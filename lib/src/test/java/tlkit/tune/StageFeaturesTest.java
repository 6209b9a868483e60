package tlkit.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tlkit.data.Catalog;
import tlkit.data.Splits;
import tlkit.data.images.ImageDataset;
import tlkit.data.images.ImageFolder;
import tlkit.data.images.ImageTransform;
import tlkit.models.Backbone;
import tlkit.models.Backbones;
import tlkit.viz.Charts;
import tlkit.viz.NetworkPictures;

class StageFeaturesTest {

    @Test
    void theLastStagePooledIsTheBackbonesFeatureAndMapsShrinkStageByStage() {
        System.setProperty("java.awt.headless", "true");
        ImageDataset photos = ImageFolder.of(Catalog.get().path("hymenoptera").resolve("val"))
                .withTransform(ImageTransform.resizeCenterCrop(128));
        ImageDataset few = photos.subset(Splits.kShot(photos.labels(), 3, 1).train());
        try (Backbone mobilenet = Backbones.load("mobilenet-v1-025-imagenet", 128)) {
            List<FeatureCache> perStage = StageFeatures.pooled(mobilenet, few, 4);
            assertEquals(List.of(16, 32, 64, 128, 256), perStage.stream().map(FeatureCache::featureDim).toList());
            FeatureCache features = FeatureCache.compute(mobilenet, few);
            for (int i = 0; i < few.size(); i++) {
                assertArrayEquals(features.features(i), perStage.get(4).features(i), 1e-5f, "example " + i);
            }
            assertArrayEquals(few.labels(), perStage.get(0).labels());

            List<float[][][]> maps = StageFeatures.maps(mobilenet, few, 0);
            assertEquals(List.of(64, 32, 16, 8, 4), maps.stream().map(m -> m[0].length).toList(), "height halves per stage");
            float[][][] last = maps.get(4);
            double pooled0 = 0;
            for (float[] row : last[0]) {
                for (float v : row) {
                    pooled0 += v / (last[0].length * row.length);
                }
            }
            assertEquals(features.features(0)[0], pooled0, 1e-4, "the map of channel 0 averages to feature 0");

            Path out = Path.of("target", "charts");
            assertTrue(Charts.savePng(NetworkPictures.firstFilters(mobilenet), out.resolve("first-filters.png")).toFile().length() > 1000);
            assertTrue(Charts.savePng(NetworkPictures.stageMaps(mobilenet, maps, 6), out.resolve("stage-maps.png")).toFile().length() > 1000);
        }
    }
}
