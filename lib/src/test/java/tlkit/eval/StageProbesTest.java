package tlkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tlkit.data.Catalog;
import tlkit.data.images.ImageDataset;
import tlkit.data.images.ImageFolder;
import tlkit.data.images.ImageTransform;
import tlkit.models.Backbone;
import tlkit.models.Backbones;
import tlkit.tune.FeatureCache;
import tlkit.tune.Fit;
import tlkit.tune.StageFeatures;

class StageProbesTest {

    @Test
    void aProbePerStageAndTheLastStageSeparatesAntsFromBees() {
        ImageTransform crop = ImageTransform.resizeCenterCrop(128);
        ImageDataset all = ImageFolder.of(Catalog.get().path("hymenoptera").resolve("train")).withTransform(crop);
        ImageDataset train = all;
        ImageDataset heldOut = ImageFolder.of(Catalog.get().path("hymenoptera").resolve("val")).withTransform(crop);
        try (Backbone mobilenet = Backbones.load("mobilenet-v1-025-imagenet", 128)) {
            List<FeatureCache> a = StageFeatures.pooled(mobilenet, train, 32);
            List<FeatureCache> b = StageFeatures.pooled(mobilenet, heldOut, 32);
            List<StageProbes.Probe> probes = StageProbes.run(mobilenet, a, b, 2,
                    Fit.adam(1e-2f).epochs(100).batchSize(64).quiet());
            System.out.println(StageProbes.table("probes", probes).print());
            assertEquals(List.of("stem", "stage1", "stage2", "stage3", "stage4"),
                    probes.stream().map(StageProbes.Probe::stage).toList());
            assertEquals(256, probes.get(4).features());
            double majority = 83 / 153.0; // hymenoptera/val: 70 ants, 83 bees
            assertTrue(probes.get(4).trainAccuracy() > 0.9, "a linear probe on 256 features fits 244 photos: " + probes.get(4));
            assertTrue(probes.get(4).accuracy() > majority + 0.15,
                    "the ImageNet features after the last stage separate ants from bees: " + probes.get(4));
            assertTrue(mobilenet.stages().get(0).getParameters().get(0).getValue().getArray().toFloatArray().length > 0,
                    "closing a probe leaves the shared backbone's weights open");
        }
    }
}
