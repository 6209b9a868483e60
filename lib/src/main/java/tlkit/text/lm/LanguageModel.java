package tlkit.text.lm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import tlkit.models.Backbone;
import tlkit.models.Stage;
import tlkit.text.bert.MaskedMeanPooling;

/**
 * A next-word language model: word vectors, one LSTM layer, and a decoder that scores every word of the
 * vocabulary as the next one (through the word-vector table: {@link TiedDecoder}). Its lower part (vectors + LSTM) is what transfers: {@link #encoder} hands a
 * copy of it to a classifier as a {@link Backbone} with stages {@code embedding, lstm}.
 */
public final class LanguageModel implements AutoCloseable {

    /** A candidate next word and the probability the model gives it. */
    public record NextWord(String word, double probability) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s (%.3f)", word, probability);
        }
    }

    private final WordVocab vocab;
    private final int embeddingDim;
    private final int hiddenDim;
    private final float dropout;
    private final NDManager manager;
    private final TokenEmbedding embedding;
    private final LstmLayer lstm;
    private final TiedDecoder decoder;

    private LanguageModel(WordVocab vocab, int embeddingDim, int hiddenDim, float dropout, long seed) {
        this.vocab = vocab;
        this.embeddingDim = embeddingDim;
        this.hiddenDim = hiddenDim;
        this.dropout = dropout;
        this.manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        Engine.getInstance().setRandomSeed((int) seed);
        this.embedding = new TokenEmbedding(vocab.size(), embeddingDim);
        this.lstm = new LstmLayer(embeddingDim, hiddenDim, dropout);
        this.decoder = new TiedDecoder(embedding, vocab.size());
        initialize(manager, embedding, lstm);
        decoder.initialize(manager, DataType.FLOAT32, new Shape(1, 2, hiddenDim));
    }

    /** A model with random weights (seeded): what pretraining starts from, and the "from scratch" baseline. */
    public static LanguageModel create(WordVocab vocab, int embeddingDim, int hiddenDim, float dropout, long seed) {
        return new LanguageModel(vocab, embeddingDim, hiddenDim, dropout, seed);
    }

    private static void initialize(NDManager manager, TokenEmbedding embedding, LstmLayer lstm) {
        Shape ids = new Shape(1, 2);
        embedding.initialize(manager, DataType.FLOAT32, ids, ids);
        lstm.initialize(manager, DataType.FLOAT32, embedding.getOutputShapes(new Shape[] {ids, ids}));
    }

    public WordVocab vocab() {
        return vocab;
    }

    public int hiddenDim() {
        return hiddenDim;
    }

    /** Next-word scores {@code [B,T,V]} for {@code NDList(ids [B,T], mask [B,T])}. */
    NDArray logits(ParameterStore store, NDList inputs, boolean training) {
        NDList x = embedding.forward(store, inputs, training);
        x = lstm.forward(store, x, training);
        return decoder.forward(store, new NDList(x.get(0)), training).singletonOrThrow();
    }

    /** Mean cross-entropy (nats) over the real target positions of a batch from {@link SentenceBatches#batch}. */
    NDArray loss(ParameterStore store, NDList batch, boolean training) {
        NDArray logProbs = logits(store, new NDList(batch.get(0), batch.get(1)), training).logSoftmax(-1);
        NDArray picked = logProbs.gather(batch.get(2).expandDims(-1), -1).squeeze(-1);
        NDArray mask = batch.get(1);
        return picked.mul(mask).sum().neg().div(mask.sum());
    }

    /** Every trained weight: vectors, LSTM, decoder. */
    List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Block b : List.of(embedding, lstm, decoder)) {
            all.addAll(b.getParameters().values());
        }
        return all;
    }

    public long parameterCount() {
        return parameters().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** Mean next-word cross-entropy (nats per word) on {@code data}, in inference mode. */
    public double crossEntropy(SentenceBatches data) {
        double sum = 0;
        long count = 0;
        try (NDManager scope = manager.newSubManager()) {
            ParameterStore store = new ParameterStore(scope, false);
            for (int[] idx : data.fixedBatches(128)) {
                try (NDManager batchScope = scope.newSubManager()) {
                    NDList batch = data.batch(batchScope, idx);
                    double n = batch.get(1).sum().getFloat();
                    sum += loss(store, batch, false).getFloat() * n;
                    count += (long) n;
                }
            }
        }
        return sum / count;
    }

    /** e^(cross-entropy): the number of words the model is, on average, as unsure as choosing among. */
    public double perplexity(SentenceBatches data) {
        return Math.exp(crossEntropy(data));
    }

    /** The {@code k} most likely words after {@code prompt} (read as the start of a sentence). */
    public List<NextWord> nextWords(String prompt, int k) {
        int[] words = vocab.encode(prompt);
        long[] ids = new long[words.length + 1];
        ids[0] = WordVocab.EOS;
        for (int i = 0; i < words.length; i++) {
            ids[i + 1] = words[i];
        }
        try (NDManager scope = manager.newSubManager()) {
            ParameterStore store = new ParameterStore(scope, false);
            Shape shape = new Shape(1, ids.length);
            NDArray idArray = scope.create(ids, shape);
            NDArray logits = logits(store, new NDList(idArray, scope.ones(shape)), false);
            float[] probs = logits.get(0, ids.length - 1).softmax(-1).toFloatArray();
            probs[WordVocab.PAD] = 0;
            List<NextWord> top = new ArrayList<>();
            for (int r = 0; r < k; r++) {
                int best = 0;
                for (int v = 1; v < probs.length; v++) {
                    if (probs[v] > probs[best]) {
                        best = v;
                    }
                }
                top.add(new NextWord(vocab.word(best), probs[best]));
                probs[best] = -1;
            }
            return top;
        }
    }

    /**
     * A copy of the lower part (word vectors + LSTM, the current weights) as a backbone for classification:
     * stages {@code embedding, lstm}, then the mean of the LSTM states over the real words. The copy has
     * its own weights: training it leaves this language model unchanged. Inputs: {@link LmTextBatches}.
     */
    public Backbone encoder(String name) {
        NDManager copyManager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        TokenEmbedding e = new TokenEmbedding(vocab.size(), embeddingDim);
        LstmLayer l = new LstmLayer(embeddingDim, hiddenDim, dropout);
        initialize(copyManager, e, l);
        copyWeights(embedding, e);
        copyWeights(lstm, l);
        return new Backbone(name, List.of(new Stage("embedding", e), new Stage("lstm", l)), new MaskedMeanPooling(),
                hiddenDim, new Shape(1), "word ids [N,T] int64 (<eos> first, 0 = padding) and mask [N,T]",
                copyManager);
    }

    private static void copyWeights(Block from, Block to) {
        List<Parameter> source = new ArrayList<>(from.getParameters().values());
        List<Parameter> target = new ArrayList<>(to.getParameters().values());
        for (int i = 0; i < source.size(); i++) {
            target.get(i).getArray().set(FloatBuffer.wrap(source.get(i).getArray().toFloatArray()));
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "LanguageModel(%d words -> %d-d vectors -> LSTM %d -> %d next-word scores (tied to the vectors); %.2f M weights)",
                vocab.size(), embeddingDim, hiddenDim, vocab.size(), parameterCount() / 1e6);
    }
}
