package tlkit.tune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import tlkit.models.Backbone;
import tlkit.models.Stage;
import tlkit.data.BatchSource;
import tlkit.data.ArrayBatches;

/**
 * Backbone features of a whole dataset, computed once. With a frozen backbone, every epoch would
 * recompute exactly these numbers; training the head on the cache gives the same model much faster
 * (see {@link Fit#fitHead}). The cache is itself a {@link BatchSource} of {@code [n, featureDim]} rows.
 *
 * <p>File format ({@link #save}): big-endian int magic {@code 0x544C4643} ("TLFC"), int version 1,
 * int n, int featureDim, n int labels, n*featureDim float features.
 */
public final class FeatureCache implements BatchSource {

    private static final int MAGIC = 0x544C4643;
    private static final int VERSION = 1;

    private final ArrayBatches rows;
    private final int featureDim;

    private FeatureCache(float[] features, int featureDim, int[] labels) {
        this.rows = new ArrayBatches(features, new Shape(featureDim), labels);
        this.featureDim = featureDim;
    }

    /** A cache over features computed elsewhere: {@code features} is row-major {@code [labels.length, featureDim]}. */
    public static FeatureCache of(float[] features, int featureDim, int[] labels) {
        if (features.length != labels.length * featureDim) {
            throw new IllegalArgumentException(features.length + " feature values do not make " + labels.length
                    + " rows of " + featureDim);
        }
        return new FeatureCache(features.clone(), featureDim, labels.clone());
    }

    /** Runs the backbone (inference mode) over {@code source} in batches of 64, with a progress line. */
    public static FeatureCache compute(Backbone backbone, BatchSource source) {
        return compute(backbone, source, 64);
    }

    public static FeatureCache compute(Backbone backbone, BatchSource source, int batchSize) {
        int n = source.size();
        int dim = backbone.featureDim();
        float[] features = new float[n * dim];
        // a cache means a frozen backbone; frozen stages fold BatchNorm into their convolutions
        try (Stage.Thaw thaw = backbone.freezeTemporarily()) {
            InferenceBatches.forEach(source, batchSize, "features of " + backbone.name(),
                    (store, inputs, start, count) -> {
                NDArray out = backbone.block().forward(store, inputs, false).singletonOrThrow();
                if (out.getShape().dimension() != 2 || out.getShape().get(1) != dim) {
                    throw new IllegalStateException("Backbone " + backbone.name() + " returned features of shape "
                            + out.getShape() + ", expected [" + count + ", " + dim + "]");
                }
                System.arraycopy(out.toFloatArray(), 0, features, start * dim, count * dim);
            });
        }
        return new FeatureCache(features, dim, source.labels().clone());
    }

    /**
     * Loads the cache from {@code file} if it exists and matches {@code source} (same size, labels and
     * feature size), otherwise computes it and saves it there.
     */
    public static FeatureCache computeOrLoad(Backbone backbone, BatchSource source, Path file) {
        if (Files.exists(file)) {
            FeatureCache cached = load(file);
            if (cached.size() == source.size() && cached.featureDim == backbone.featureDim()
                    && Arrays.equals(cached.labels(), source.labels())) {
                return cached;
            }
        }
        FeatureCache fresh = compute(backbone, source);
        fresh.save(file);
        return fresh;
    }


    public int featureDim() {
        return featureDim;
    }

    /** The feature vector of example {@code i} (a copy). */
    public float[] features(int i) {
        return rows.example(i);
    }

    /** All features, row-major {@code [n, featureDim]} (a copy). */
    public float[][] matrix() {
        float[][] m = new float[size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = features(i);
        }
        return m;
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    public NDList inputs(NDManager manager, int[] indices) {
        return rows.inputs(manager, indices);
    }

    @Override
    public int[] labels() {
        return rows.labels();
    }

    /** Writes the cache to {@code file} (via a temporary file and a rename, so a crash leaves no half file). */
    public void save(Path file) {
        Path tmp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(size());
                out.writeInt(featureDim);
                for (int label : labels()) {
                    out.writeInt(label);
                }
                rows.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the feature cache " + file
                    + "; check that the folder is writable and the disk has space", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort cleanup of the temporary file
                }
            }
        }
    }

    public static FeatureCache load(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalStateException(file + " is not a tlkit feature cache (wrong magic number); delete it"
                        + " and compute the features again");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalStateException(file + " has feature-cache version " + version + ", this tlkit reads "
                        + VERSION + "; delete it and compute the features again");
            }
            int n = in.readInt();
            int dim = in.readInt();
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = in.readInt();
            }
            float[] features = new float[n * dim];
            for (int i = 0; i < features.length; i++) {
                features[i] = in.readFloat();
            }
            return new FeatureCache(features, dim, labels);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the feature cache " + file
                    + " (truncated or unreadable); delete it and compute the features again", e);
        }
    }
}
