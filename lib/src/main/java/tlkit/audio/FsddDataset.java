package tlkit.audio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import tlkit.data.Catalog;
import tlkit.data.progress.Progress;
import tlkit.data.Splits;
import tlkit.data.BatchSource;

/**
 * The Free Spoken Digit Dataset (3,000 WAVs, 8 kHz, digits 0–9, 6 speakers) as kws-dscnn inputs:
 * every recording is resampled to 16 kHz, padded/trimmed to 1 s and turned into 49 × 10 MFCCs once,
 * when the dataset is loaded; the features stay in memory.
 *
 * <p>Files are {@code recordings/{digit}_{speaker}_{index}.wav}. Example order: digit, speaker, index.
 */
public final class FsddDataset implements BatchSource {

    public static final String CATALOG_ID = "fsdd";
    public static final int CLASSES = 10;
    private static final Pattern NAME = Pattern.compile("(\\d)_([a-z]+)_(\\d+)\\.wav");

    /** One recording: where it is and what it says. */
    public record Recording(Path file, int digit, String speaker, int index) {
    }

    /** Indices of training and test examples. */
    public record Split(int[] train, int[] test) {
        @Override
        public String toString() {
            return "Split(train=" + train.length + ", test=" + test.length + ")";
        }
    }

    private final List<Recording> recordings;
    private final float[][] mfccs;
    private final int[] labels;

    private FsddDataset(List<Recording> recordings, float[][] mfccs) {
        this.recordings = List.copyOf(recordings);
        this.mfccs = mfccs;
        this.labels = recordings.stream().mapToInt(Recording::digit).toArray();
    }

    /** All 3,000 recordings of the catalog item "fsdd", with MFCCs (progress bar on stdout). */
    public static FsddDataset load() {
        return load(Catalog.get().path(CATALOG_ID));
    }

    /** All recordings under {@code folder/recordings}, with MFCCs (progress bar on stdout). */
    public static FsddDataset load(Path folder) {
        return load(folder, Integer.MAX_VALUE);
    }

    /** At most {@code perDigitAndSpeaker} recordings (lowest indices) of each digit × speaker. */
    public static FsddDataset load(Path folder, int perDigitAndSpeaker) {
        List<Recording> all = scan(folder);
        List<Recording> chosen = all.stream().filter(r -> r.index() < perDigitAndSpeaker).toList();
        int total = chosen.size();
        Progress progress = new Progress(true);
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        progress.update(progressLine(0, total, t0));
        float[][] features = new float[total][];
        IntStream.range(0, total).parallel().forEach(i -> {
            features[i] = Audio.mfcc(chosen.get(i).file());
            progress.update(progressLine(done.incrementAndGet(), total, t0));
        });
        progress.done(progressLine(total, total, t0));
        return new FsddDataset(chosen, features);
    }

    /** {@code FSDD MFCCs [=====      ] 512/3000 0.4 s} */
    private static String progressLine(int done, int total, long t0) {
        int width = 30;
        int filled = total == 0 ? width : width * done / total;
        return "FSDD MFCCs [" + "=".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total
                + String.format(Locale.ROOT, " %.1f s", (System.nanoTime() - t0) / 1e9);
    }

    static List<Recording> scan(Path folder) {
        Path dir = folder.resolve("recordings");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("No folder " + dir + ": the FSDD item should contain recordings/"
                    + "{digit}_{speaker}_{index}.wav. Check Catalog.get().path(\"" + CATALOG_ID + "\").");
        }
        List<Recording> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".wav")) {
                    continue;
                }
                Matcher m = NAME.matcher(name);
                if (!m.matches()) {
                    throw new IllegalStateException("Unexpected file name " + p + ": FSDD files are named "
                            + "{digit}_{speaker}_{index}.wav; remove or rename it.");
                }
                out.add(new Recording(p, Integer.parseInt(m.group(1)), m.group(2), Integer.parseInt(m.group(3))));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + dir + " (" + e.getMessage() + ")", e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("No WAV files in " + dir + "; re-download catalog item '" + CATALOG_ID + "'.");
        }
        out.sort(Comparator.comparingInt(Recording::digit).thenComparing(Recording::speaker)
                .thenComparingInt(Recording::index));
        return out;
    }

    public int size() {
        return recordings.size();
    }

    /** Digit (0–9) of every example. */
    public int[] labels() {
        return labels.clone();
    }

    public Recording recording(int i) {
        return recordings.get(i);
    }

    public List<Recording> recordings() {
        return recordings;
    }

    /** Sorted distinct speaker names. */
    public List<String> speakers() {
        return recordings.stream().map(Recording::speaker).distinct().sorted().toList();
    }

    /** MFCCs of example i, 490 floats (49 frames × 10 coefficients, row-major). */
    public float[] mfcc(int i) {
        return mfccs[i].clone();
    }

    /** All MFCCs, [N][490] (a copy of the outer array; rows are shared, do not modify them). */
    public float[][] mfccs() {
        return mfccs.clone();
    }

    /** Example i as a 16 kHz, 1 s clip (re-read from disk; for listening and pictures). */
    public AudioClip clip(int i) {
        return Audio.loadForKws(recordings.get(i).file());
    }

    /** The upstream split: recording index 0–4 → test, 5–49 → train (2,700 / 300 for the full set). */
    public Split officialSplit() {
        return split(i -> recordings.get(i).index() <= 4);
    }

    /** Every recording of {@code speaker} is test data, all the others train. */
    public Split heldOutSpeaker(String speaker) {
        if (!speakers().contains(speaker)) {
            throw new IllegalArgumentException("No speaker '" + speaker + "' in FSDD; speakers are " + speakers());
        }
        return split(i -> recordings.get(i).speaker().equals(speaker));
    }

    private Split split(java.util.function.IntPredicate isTest) {
        int[] test = IntStream.range(0, size()).filter(isTest).toArray();
        int[] train = IntStream.range(0, size()).filter(isTest.negate()).toArray();
        return new Split(train, test);
    }

    /**
     * A seeded, stratified subset of {@code pool}: {@code k} examples of every digit ({@link Splits#kShotFrom};
     * a digit with fewer in the pool is an error), returned in ascending index order.
     */
    public int[] kPerClass(int[] pool, int k, long seed) {
        return Splits.kShotFrom(pool, labels, List.of(), k, seed);
    }

    /** The model input for the training loop: MFCCs {@code [N, 1, 49, 10]} float32. */
    @Override
    public NDList inputs(NDManager manager, int[] indices) {
        float[][] rows = new float[indices.length][];
        for (int j = 0; j < indices.length; j++) {
            rows[j] = mfccs[indices[j]];
        }
        return new NDList(KwsDsCnn.toInput(manager, rows));
    }

    /** Examples {@code indices} as {@code NDList(features float32 [N,1,49,10], labels float32 [N])}. */
    public NDList batch(NDManager manager, int[] indices) {
        float[][] rows = new float[indices.length][];
        float[] y = new float[indices.length];
        for (int j = 0; j < indices.length; j++) {
            rows[j] = mfccs[indices[j]];
            y[j] = labels[indices[j]];
        }
        NDArray x = KwsDsCnn.toInput(manager, rows);
        return new NDList(x, manager.create(y, new Shape(indices.length)));
    }

    @Override
    public String toString() {
        return "FsddDataset(" + size() + " recordings, speakers " + speakers() + ", MFCC 49x10)";
    }
}
