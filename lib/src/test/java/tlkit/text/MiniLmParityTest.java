package tlkit.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DJL MiniLM must compute what the original ONNX graph computes, in ONNX Runtime. */
class MiniLmParityTest {

    static final List<String> SENTENCES = List.of(
            "Hi!",
            "a cat sits on the mat",
            "The quick brown fox jumps over the lazy dog.",
            "I LOVED this movie -- best film of 2023, 10/10!!!",
            "what a waste of two hours ...",
            "Dihydrofolate reductase inhibitors such as methotrexate impair DNA synthesis in rapidly dividing cells.",
            "Patients (n = 128) received 5 mg/kg of the drug twice daily; 17.5% reported nausea.",
            "Stock markets fell sharply on Tuesday after the central bank raised interest rates by 0.75 points.",
            "URGENT! You have won a 1 week FREE membership in our £100,000 Prize Jackpot! Txt the word: CLAIM to No: 81010",
            "Ok lar... Joking wif u oni...",
            "Der schnelle braune Fuchs springt über den faulen Hund.",
            "e = mc^2, and 2 + 2 = 4; pi ≈ 3.14159",
            "\"Quoted speech,\" she said, 'with apostrophes' and (parentheses).",
            "it's not that it isn't good; it's that it's not great.",
            "Transformers use self-attention to relate every token of a sequence to every other token, which lets"
                    + " them model long-range dependencies that recurrent networks struggle with; pretrained on large"
                    + " corpora, their representations transfer to many downstream tasks with little labelled data.",
            "ok",
            "Myocardial infarction was confirmed by elevated troponin I and ST-segment elevation on the ECG.",
            "   leading and trailing spaces   ");

    @Test
    void meanPooledEmbeddingsMatchOnnxRuntimeOnTheSameFile() throws Exception {
        TextEncoder encoder = SharedMiniLm.get();
        int maxLen = 128;
        float[][] reference;
        float[][] djl;
        try (NDManager m = NDManager.newBaseManager()) {
            NDList inputs = encoder.tokenize(m, SENTENCES, maxLen);
            assertTrue(inputs.get(1).sum().getLong() < inputs.get(1).size(), "the batch must contain padding");
            reference = onnxRuntimeMeanPooled(inputs);
            NDArray features = encoder.block().forward(new ParameterStore(m, false), inputs, false).singletonOrThrow();
            djl = rows(features.toFloatArray(), 384);
        }
        double diff = SharedMiniLm.maxAbsDiff(djl, reference);
        System.out.printf("MiniLM DJL vs ONNX Runtime, %d sentences: max |diff| = %.3g%n", SENTENCES.size(), diff);
        assertTrue(diff < 1e-4, "max abs difference " + diff + " must be below 1e-4");
    }

    @Test
    void paddingDoesNotChangeASentenceEmbedding() {
        TextEncoder encoder = SharedMiniLm.get();
        float[][] batched = encoder.embed(SENTENCES, 32, 128);
        for (int i : new int[] {0, 5, 15}) {
            float[][] alone = encoder.embed(List.of(SENTENCES.get(i)), 1, 128);
            double diff = SharedMiniLm.maxAbsDiff(alone, new float[][] {batched[i]});
            assertTrue(diff < 1e-5, "sentence " + i + " alone vs padded in a batch differs by " + diff);
        }
    }

    @Test
    void embeddingsPutParaphrasesCloserThanUnrelatedSentences() {
        float[][] e = SharedMiniLm.get().embed(List.of(
                "a cat sits on the mat", "a kitten is sitting on a rug", "stock markets fell sharply"));
        double paraphrase = SharedMiniLm.cosine(e[0], e[1]);
        double unrelated = SharedMiniLm.cosine(e[0], e[2]);
        System.out.printf("cosine paraphrase %.3f, unrelated %.3f%n", paraphrase, unrelated);
        assertTrue(paraphrase > unrelated + 0.3, "paraphrase " + paraphrase + " vs unrelated " + unrelated);
        assertEquals(384, e[0].length);
    }

    /** Runs the jar's ONNX file in ONNX Runtime and mean-pools last_hidden_state with the mask. */
    static float[][] onnxRuntimeMeanPooled(NDList inputs) throws Exception {
        long[] shape = inputs.get(0).getShape().getShape();
        long[] mask = inputs.get(1).toLongArray();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(TextEncoders.miniLmOnnxFile().toString(), options);
                    OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(inputs.get(0).toLongArray()), shape);
                    OnnxTensor att = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                    OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(inputs.get(2).toLongArray()), shape);
                    OrtSession.Result result = session.run(
                            Map.of("input_ids", ids, "attention_mask", att, "token_type_ids", types))) {
                // this export calls the last hidden state "output_0" (the other output is the [N,H] pooler): take the 3-d one
                float[][][] hidden = null;
                for (var output : result) {
                    if (output.getValue().getValue() instanceof float[][][] h3) {
                        hidden = h3;
                    }
                }
                assertTrue(hidden != null, "no [N,T,H] output among " + session.getOutputNames());
                System.out.println("ONNX outputs: " + session.getOutputNames());
                int n = hidden.length;
                int t = hidden[0].length;
                int h = hidden[0][0].length;
                float[][] pooled = new float[n][h];
                for (int i = 0; i < n; i++) {
                    double count = 0;
                    double[] sum = new double[h];
                    for (int j = 0; j < t; j++) {
                        if (mask[i * t + j] == 1) {
                            count++;
                            for (int k = 0; k < h; k++) {
                                sum[k] += hidden[i][j][k];
                            }
                        }
                    }
                    for (int k = 0; k < h; k++) {
                        pooled[i][k] = (float) (sum[k] / count);
                    }
                }
                return pooled;
            }
        }
    }

    static float[][] rows(float[] flat, int dim) {
        float[][] out = new float[flat.length / dim][dim];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(flat, i * dim, out[i], 0, dim);
        }
        return out;
    }
}
