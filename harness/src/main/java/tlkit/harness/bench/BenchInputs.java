package tlkit.harness.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tlkit.data.Catalog;
import tlkit.data.images.ImageDataset;
import tlkit.data.images.ImageFolder;
import tlkit.data.images.ImageTransform;
import tlkit.models.image.CifarResNet;
import tlkit.text.BertLoader;
import tlkit.text.TextData;
import tlkit.text.TextDataset;
import tlkit.text.TextEncoder;
import tlkit.text.TextEncoders;
import tlkit.models.Backbones;

/**
 * The inputs both engines read, written once per benchmark run into a work folder, so the kit and
 * the PyTorch reference do exactly the same work on exactly the same numbers:
 * <ul>
 *   <li>{@code cifar-images.f32} {@code [N,3,32,32]} CIFAR-10 test JPEGs decoded to [0, 255] floats,
 *       {@code cifar-labels.i64} {@code [N]};</li>
 *   <li>{@code text-ids.i64}, {@code text-mask.i64}, {@code text-types.i64} {@code [M,T]} MiniLM tokens of
 *       medical abstracts long enough to fill all T positions, {@code text-labels.i64}, and the abstracts'
 *       row numbers in {@code inputs.json} so the kit can tokenize the same texts itself;</li>
 *   <li>{@code minilm-l6-v2.safetensors}: the kit's MiniLM weights under their Hugging Face names (the
 *       ResNet weights are read from the catalog's own safetensors file, path in {@code inputs.json}).</li>
 * </ul>
 * All binary files are raw little-endian.
 */
public final class BenchInputs {

    static final String META = "inputs.json";

    /** What {@code inputs.json} holds. */
    public record Meta(int cifarImages, String resnetWeights, int sentences, int tokens, int textClasses,
            List<Integer> textRows, String minilmWeights) {}

    private BenchInputs() {}

    /** Writes every input for {@code scale} into {@code dir} (replacing what is there). */
    public static Meta prepare(Path dir, Scale scale) throws IOException {
        Files.createDirectories(dir);
        int n = scale.cifarImagesNeeded();
        ImageDataset cifar = ImageFolder.of(Catalog.get().path("cifar10-test"))
                .withTransform(ImageTransform.resizeCenterCrop(32));
        int[] idx = spread(cifar.size(), n);
        float[] pixels;
        long[] labels = new long[n];
        try (NDManager m = NDManager.newBaseManager()) {
            pixels = cifar.batch(m, idx).get(0).toFloatArray();
        }
        for (int k = 0; k < n; k++) {
            labels[k] = cifar.label(idx[k]);
        }
        writeFloats(dir.resolve("cifar-images.f32"), pixels);
        writeLongs(dir.resolve("cifar-labels.i64"), labels);
        Path resnet = Catalog.get().path("resnet-cifar10").resolve(CifarResNet.weightsFile(20));

        int t = scale.bertLength;
        int sentences = scale.sentencesNeeded();
        TextDataset abstracts = TextData.medicalAbstracts();
        List<Integer> rows = new ArrayList<>();
        Path minilm = dir.resolve("minilm-l6-v2.safetensors");
        try (TextEncoder encoder = Backbones.load(TextEncoders.MINILM_L6_V2); NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < abstracts.size() && rows.size() < sentences; i++) {
                if (encoder.tokenizer().tokenCount(abstracts.text(i)) >= t) {
                    rows.add(i);
                }
            }
            if (rows.size() < sentences) {
                throw new IllegalStateException("Only " + rows.size() + " medical abstracts have " + t
                        + " tokens; the benchmark needs " + sentences);
            }
            List<String> texts = rows.stream().map(abstracts::text).toList();
            NDList tokens = encoder.tokenize(m, texts, t);
            if (tokens.get(0).getShape().get(1) != t || tokens.get(1).sum().getLong() != (long) sentences * t) {
                throw new IllegalStateException("Tokenized abstracts are not all " + t + " tokens long: "
                        + tokens.get(0).getShape());
            }
            writeLongs(dir.resolve("text-ids.i64"), tokens.get(0).toLongArray());
            writeLongs(dir.resolve("text-mask.i64"), tokens.get(1).toLongArray());
            writeLongs(dir.resolve("text-types.i64"), tokens.get(2).toLongArray());
            writeLongs(dir.resolve("text-labels.i64"), rows.stream().mapToLong(abstracts::label).toArray());
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("source", "tlkit Backbones.load(\"minilm-l6-v2\"), exported by the tlkit benchmark");
            BertLoader.writeWeights(minilm, encoder.bert().export(), meta);
        }
        Meta meta = new Meta(n, resnet.toAbsolutePath().toString(), sentences, t, abstracts.numClasses(), rows,
                minilm.toAbsolutePath().toString());
        Path tmp = dir.resolve(META + ".tmp");
        Files.writeString(tmp, gson().toJson(meta));
        Files.move(tmp, dir.resolve(META), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return meta;
    }

    public static Meta read(Path dir) {
        Path file = dir.resolve(META);
        try {
            return gson().fromJson(Files.readString(file), Meta.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the benchmark inputs " + file
                    + "; BenchMain writes them before starting the workloads", e);
        }
    }

    /** {@code n} indices spread evenly over {@code 0..size-1} (so every CIFAR class appears). */
    static int[] spread(int size, int n) {
        if (n > size) {
            throw new IllegalArgumentException("Need " + n + " examples, the dataset has " + size);
        }
        int[] idx = new int[n];
        for (int k = 0; k < n; k++) {
            idx[k] = (int) ((long) k * size / n);
        }
        return idx;
    }

    static float[] readFloats(Path file, int count) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        b.asFloatBuffer().get(out);
        return out;
    }

    static long[] readLongs(Path file, int count) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[count];
        b.asLongBuffer().get(out);
        return out;
    }

    private static void writeFloats(Path file, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        Files.write(file, b.array());
    }

    private static void writeLongs(Path file, long[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        Files.write(file, b.array());
    }

    private static Gson gson() {
        return new GsonBuilder().setPrettyPrinting().create();
    }
}
