package tlkit.data.images;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import tlkit.data.Splits;
import tlkit.data.BatchSource;
import tlkit.data.NativeFloats;

/**
 * Labelled image files plus the transform that turns each into a {@code 3 x S x S} float array in
 * [0, 255]. Immutable view: {@link #subset}, {@link #withTransform} and {@link #cached} return new
 * views that share the decoded-image cache.
 *
 * <p>{@link #batch(NDManager, int[])} gives {@code [images (N,3,S,S) float32, labels (N) float32]},
 * the layout DJL's losses and trainers expect. Random transforms draw from a generator seeded by
 * {@link #withTransform(ImageTransform, long)}: the same sequence of calls gives the same images.
 */
public final class ImageDataset implements BatchSource {

    private final Path root;
    private final List<Path> files;
    private final int[] labels;
    private final List<String> classes;
    private final ImageTransform transform;
    private final long seed;
    private final AtomicLong draws;
    private final Map<Path, RgbImage> cache;
    private final int cacheShorterSide;

    ImageDataset(Path root, List<Path> files, int[] labels, List<String> classes, ImageTransform transform,
            long seed, Map<Path, RgbImage> cache, int cacheShorterSide) {
        this.root = root;
        this.files = List.copyOf(files);
        this.labels = labels.clone();
        this.classes = List.copyOf(classes);
        this.transform = transform;
        this.seed = seed;
        this.draws = new AtomicLong();
        this.cache = cache;
        this.cacheShorterSide = cacheShorterSide;
    }

    public int size() {
        return files.size();
    }

    public int label(int i) {
        return labels[i];
    }

    /** A copy of all labels, index-aligned with the examples. */
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public List<String> classNames() {
        return classes();
    }

    public List<String> classes() {
        return classes;
    }

    public int numClasses() {
        return classes.size();
    }

    public Path file(int i) {
        return files.get(i);
    }

    /** File name relative to the dataset root (e.g. {@code train/ants/ant photos.jpg}). */
    public String name(int i) {
        return root == null ? files.get(i).toString() : root.relativize(files.get(i)).toString();
    }

    public ImageTransform transform() {
        return transform;
    }

    /** Number of examples per class, in {@link #classes()} order. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** The examples at {@code indices} (same classes, transform and cache). */
    public ImageDataset subset(int[] indices) {
        List<Path> f = new ArrayList<>(indices.length);
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            f.add(files.get(indices[k]));
            l[k] = labels[indices[k]];
        }
        return new ImageDataset(root, f, l, classes, transform, seed, cache, cacheShorterSide);
    }

    /**
     * Stratified split into two image datasets: {@code trainFraction} of every class in the first
     * (see {@link Splits}). {@link BatchSource#split} gives the same as train/validation views.
     */
    public ImageDataset[] trainTestSplit(double trainFraction, long splitSeed) {
        Splits.Split s = Splits.stratified(labels, trainFraction, splitSeed);
        return new ImageDataset[] {subset(s.train()), subset(s.test())};
    }

    /** Same examples, another transform (random transforms seeded with 0). */
    public ImageDataset withTransform(ImageTransform t) {
        return withTransform(t, 0L);
    }

    /** Same examples, another transform whose random draws start from {@code randomSeed}. */
    public ImageDataset withTransform(ImageTransform t, long randomSeed) {
        return new ImageDataset(root, files, labels, classes, t, randomSeed, cache, cacheShorterSide);
    }

    /** Keeps decoded images in memory (full resolution) so later epochs skip JPEG decoding. */
    public ImageDataset cached() {
        return cached(Integer.MAX_VALUE);
    }

    /**
     * Keeps decoded images in memory, first shrunk so their shorter side is at most
     * {@code maxShorterSide} (pick it at least as large as the transform's resize; saves memory).
     */
    public ImageDataset cached(int maxShorterSide) {
        return new ImageDataset(root, files, labels, classes, transform, seed, new ConcurrentHashMap<>(),
                maxShorterSide);
    }

    /** The decoded image {@code i} (from the cache if enabled). */
    public RgbImage image(int i) {
        Path f = files.get(i);
        if (cache == null) {
            return RgbImage.read(f);
        }
        return cache.computeIfAbsent(f, p -> RgbImage.read(p).limitShorterSide(cacheShorterSide));
    }

    /** The model input for the training loop: images {@code [N, 3, S, S]} float32 in [0, 255]. */
    @Override
    public NDList inputs(NDManager manager, int[] indices) {
        int n = indices.length;
        int s = transform.size();
        int per = 3 * s * s;
        SplittableRandom base = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + draws.getAndIncrement());
        SplittableRandom[] rngs = new SplittableRandom[n];
        for (int k = 0; k < n; k++) {
            rngs[k] = base.split();
        }
        float[] pixels = new float[n * per];
        IntStream.range(0, n).parallel().forEach(k -> {
            float[] chw = transform.apply(image(indices[k]), rngs[k]);
            System.arraycopy(chw, 0, pixels, k * per, per);
        });
        return new NDList(NativeFloats.of(manager, pixels, new Shape(n, 3, s, s)));
    }

    /** Images {@code [N, 3, S, S]} float32 in [0, 255] and labels {@code [N]} float32, on {@code manager}. */
    public NDList batch(NDManager manager, int[] indices) {
        NDList batch = inputs(manager, indices);
        float[] y = new float[indices.length];
        for (int k = 0; k < indices.length; k++) {
            y[k] = labels[indices[k]];
        }
        batch.add(manager.create(y, new Shape(indices.length)));
        return batch;
    }

    /** Indices 0..size-1 in batches, shuffled with {@code shuffleSeed} (or in order if it is null). */
    public List<int[]> batchIndices(int batchSize, Long shuffleSeed) {
        int[] order = IntStream.range(0, size()).toArray();
        if (shuffleSeed != null) {
            Splits.shuffle(order, new Random(shuffleSeed));
        }
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            out.add(java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize)));
        }
        return out;
    }

    /**
     * A DJL {@link Dataset} over this dataset, for {@code EasyTrain.fit} and friends. When
     * {@code shuffle} is true, each pass over it (epoch) uses a new order drawn from {@code seed}.
     */
    public Dataset toDjlDataset(int batchSize, boolean shuffle, long seed) {
        AtomicLong epochs = new AtomicLong();
        return new Dataset() {
            @Override
            public Iterable<Batch> getData(NDManager manager) {
                List<int[]> batches = batchIndices(batchSize, shuffle ? seed + epochs.getAndIncrement() : null);
                return () -> new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < batches.size();
                    }

                    @Override
                    public Batch next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int[] idx = batches.get(next++);
                        NDManager batchManager = manager.newSubManager();
                        NDList b = batch(batchManager, idx);
                        return new Batch(batchManager, new NDList(b.get(0)), new NDList(b.get(1)), idx.length,
                                Batchifier.STACK, Batchifier.STACK, next, batches.size());
                    }
                };
            }

            @Override
            public void prepare(Progress progress) {}
        };
    }

    @Override
    public String toString() {
        return "ImageDataset(" + size() + " images, classes " + classes + ", " + transform + ")";
    }
}
