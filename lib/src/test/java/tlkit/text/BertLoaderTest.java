package tlkit.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tlkit.text.bert.BertConfig;
import tlkit.text.bert.Tensor;

class BertLoaderTest {

    static final List<String> TEXTS = List.of("a cat sits on the mat", "Dihydrofolate reductase", "ok");

    @Test
    void huggingFaceFolderOfTheImportedMiniLmGivesIdenticalEmbeddings(@TempDir Path dir) throws IOException {
        TextEncoder original = SharedMiniLm.get();
        BertLoader.saveHuggingFaceFolder(original, dir);
        assertEquals(BertConfig.MINILM_L6_V2, BertConfig.fromJson(dir.resolve("config.json")));
        try (TextEncoder reloaded = BertLoader.fromHuggingFaceFolder(dir)) {
            assertEquals(original.stages().stream().map(s -> s.name()).toList(),
                    reloaded.stages().stream().map(s -> s.name()).toList());
            float[][] a = original.embed(TEXTS);
            float[][] b = reloaded.embed(TEXTS);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], 0f, "text " + i);
            }
        }
    }

    @Test
    void bertPrefixedCheckpointNamesAreAccepted(@TempDir Path dir) throws IOException {
        TextEncoder original = SharedMiniLm.get();
        BertLoader.saveHuggingFaceFolder(original, dir);
        Map<String, Tensor> prefixed = new LinkedHashMap<>();
        BertLoader.readWeights(dir.resolve("model.safetensors")).forEach((k, v) -> prefixed.put("bert." + k,
                new Tensor("bert." + k, v.shape(), v.values())));
        BertLoader.writeWeights(dir.resolve("model.safetensors"), prefixed, Map.of());
        try (TextEncoder reloaded = BertLoader.fromHuggingFaceFolder(dir)) {
            assertArrayEquals(original.embed(TEXTS)[0], reloaded.embed(TEXTS)[0], 0f);
        }
    }

    @Test
    void folderWithOnlyVocabTxtTokenizesLikeTheOriginalTokenizerJson(@TempDir Path dir) throws IOException {
        TextEncoder original = SharedMiniLm.get();
        BertLoader.saveHuggingFaceFolder(original, dir);
        var json = new com.google.gson.Gson().fromJson(
                new String(original.tokenizer().tokenizerJson(), java.nio.charset.StandardCharsets.UTF_8),
                com.google.gson.JsonObject.class);
        var vocab = json.getAsJsonObject("model").getAsJsonObject("vocab");
        String[] pieces = new String[vocab.size()];
        vocab.entrySet().forEach(e -> pieces[e.getValue().getAsInt()] = e.getKey());
        Files.write(dir.resolve("vocab.txt"), List.of(pieces));
        Files.delete(dir.resolve("tokenizer.json"));
        try (TextEncoder reloaded = BertLoader.fromHuggingFaceFolder(dir)) {
            List<String> texts = new java.util.ArrayList<>(MiniLmParityTest.SENTENCES);
            assertArrayEquals(original.tokenizer().ids(texts, 128), reloaded.tokenizer().ids(texts, 128));
            assertEquals(original.tokenizer().pieces("Dihydrofolate reductase"),
                    reloaded.tokenizer().pieces("Dihydrofolate reductase"));
        }
    }

    @Test
    void weightsRoundTripIsBitExact(@TempDir Path dir) throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", new Tensor("a", new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, 1e30f, -0f}));
        t.put("b", new Tensor("b", new long[] {1}, new float[] {7}));
        Path f = dir.resolve("x.safetensors");
        BertLoader.writeWeights(f, t, Map.of("k", "v"));
        Map<String, Tensor> back = BertLoader.readWeights(f);
        assertEquals(List.of("a", "b"), List.copyOf(back.keySet()));
        assertArrayEquals(new long[] {2, 3}, back.get("a").shape());
        assertArrayEquals(t.get("a").values(), back.get("a").values(), 0f);
    }

    @Test
    void missingWeightsFileIsReportedWithTheFolder(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), BertConfig.MINILM_L6_V2.toJson());
        var e = assertThrows(IOException.class, () -> BertLoader.fromHuggingFaceFolder(dir));
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains(dir.toString()),
                e.getMessage());
    }

    @Test
    void nonBertConfigIsRejected(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, "{\"model_type\": \"gpt2\", \"vocab_size\": 5}");
        var e = assertThrows(IOException.class, () -> BertConfig.fromJson(cfg));
        assertTrue(e.getMessage().contains("gpt2") && e.getMessage().contains(cfg.toString()), e.getMessage());
    }

    @Test
    void weightsNotMatchingTheConfigNameTheTensor(@TempDir Path dir) throws IOException {
        BertLoader.saveHuggingFaceFolder(SharedMiniLm.get(), dir);
        BertConfig wrong = new BertConfig(30522, 384, 6, 12, 1024, 512, 2, 1e-12f, 0.1f, 0.1f);
        Files.writeString(dir.resolve("config.json"), wrong.toJson());
        var e = assertThrows(IllegalArgumentException.class, () -> BertLoader.fromHuggingFaceFolder(dir));
        assertTrue(e.getMessage().contains("intermediate.dense.weight") && e.getMessage().contains("[1536, 384]"),
                e.getMessage());
    }
}
