package tlkit.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import tlkit.models.Backbone;

class HiddenStatesTest {

    static final TextDataset DATA = new TextDataset("toy", List.of(
            "dihydrofolate reductase inhibitors in patients with dengue hemorrhagic fever",
            "a wonderful film", "the worst movie of the year , dull and far too long"),
            new int[] {1, 0, 1}, List.of("a", "b"));

    @Test
    void topLayerOnCachedHiddenStatesGivesTheFullEncodersEmbeddings() {
        TextEncoder encoder = SharedMiniLm.get();
        float[][] full = encoder.embed(DATA.texts(), 2, 64);
        int stagesBelowTop = encoder.stages().size() - 1;
        HiddenStates cache = HiddenStates.compute(encoder, DATA, 64, stagesBelowTop);
        assertEquals("layer4", cache.stageName());
        assertEquals(encoder.tokenizer().tokenCount(DATA.text(1)), cache.length(1));
        Backbone top = encoder.topLayers(1);
        assertEquals(List.of("layer5"), top.stages().stream().map(s -> s.name()).toList());
        try (NDManager m = NDManager.newBaseManager()) {
            NDList in = cache.inputs(m, new int[] {2, 0, 1}); // padded to the longest of the three
            float[] out = top.block().forward(new ParameterStore(m, false), in, false).singletonOrThrow().toFloatArray();
            int h = encoder.featureDim();
            int[] order = {2, 0, 1};
            double maxDiff = 0;
            for (int k = 0; k < 3; k++) {
                for (int j = 0; j < h; j++) {
                    maxDiff = Math.max(maxDiff, Math.abs(out[k * h + j] - full[order[k]][j]));
                }
            }
            assertTrue(maxDiff < 1e-4, "cached path differs from the full encoder by " + maxDiff);
        }
    }

    @Test
    void topLayersRefusesTheEmbeddingsStage() {
        TextEncoder encoder = SharedMiniLm.get();
        assertThrows(IllegalArgumentException.class, () -> encoder.topLayers(encoder.stages().size()));
        assertThrows(IllegalArgumentException.class, () -> HiddenStates.compute(encoder, DATA, 64, 0));
    }
}
