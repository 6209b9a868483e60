package tlkit.harness.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;
import tlkit.audio.FsddDataset;
import tlkit.audio.KwsDsCnn;
import tlkit.data.Catalog;
import tlkit.data.images.ImageDataset;
import tlkit.data.images.ImageFolder;
import tlkit.data.images.ImageTransform;
import tlkit.tune.History;
import tlkit.models.Backbone;
import tlkit.models.Backbones;
import tlkit.text.TextData;
import tlkit.text.TextDataset;
import tlkit.text.TextEncoder;
import tlkit.text.TextEncoders;
import tlkit.text.TokenizedBatches;
import tlkit.data.ArrayBatches;
import tlkit.data.BatchSource;
import tlkit.tune.FeatureCache;
import tlkit.tune.Fit;
import tlkit.tune.Head;
import tlkit.tune.Strategy;
import tlkit.tune.TransferModel;

/**
 * The kit side of every workload, written the way a notebook would: {@link TransferModel} +
 * {@link Fit} for training, {@link FeatureCache} for frozen features, the kit's datasets for the
 * pipelines. Training workloads run one warm-up epoch, then time {@link Scale#timedEpochs} epochs
 * (the per-epoch seconds that {@link Fit} records).
 */
final class KitWorkloads {

    /** One timed measurement. */
    record Result(long items, double seconds, int batch, String note) {}

    private final Scale scale;
    private final Path inputs;
    private final BenchInputs.Meta meta;

    KitWorkloads(Scale scale, Path inputs) {
        this.scale = scale;
        this.inputs = inputs;
        this.meta = BenchInputs.read(inputs);
    }

    Result run(Workload w) throws IOException {
        return switch (w) {
            case RESNET20_TRAIN -> resnetTrain();
            case RESNET20_FROZEN -> resnetFrozen();
            case MINILM_TRAIN -> minilmTrain();
            case MINILM_FROZEN -> minilmFrozen();
            case DSCNN_FROZEN -> dscnnFrozen();
            case DSCNN_TRAIN -> dscnnTrain();
            case PIPELINE_CIFAR -> pipelineCifar();
            case PIPELINE_HYMENOPTERA -> pipelineHymenoptera();
            case PIPELINE_WAV_MFCC -> pipelineWavMfcc();
            case HEAD_RECOMPUTE -> headRecompute();
            case HEAD_CACHED -> headCached();
        };
    }

    static String threads() {
        return "threads " + JniUtils.getNumThreads() + "/" + JniUtils.getNumInteropThreads();
    }

    // ------------------------------------------------------------------ 1-3: paired with PyTorch

    private Result resnetTrain() throws IOException {
        ArrayBatches data = cifar(scale.resnetTrainImages);
        try (TransferModel model = TransferModel.of(Backbones.load("resnet20-cifar10"), Head.linear(10))) {
            return trained(model, Fit.sgd(0.01f).momentum(0.9f).batchSize(scale.resnetBatch).quiet(), data,
                    scale.resnetBatch);
        }
    }

    private Result resnetFrozen() throws IOException {
        ArrayBatches data = cifar(scale.resnetFrozenImages);
        try (Backbone backbone = Backbones.load("resnet20-cifar10")) {
            return frozen(backbone, data, scale.resnetBatch);
        }
    }

    private Result minilmTrain() {
        try (TextEncoder encoder = Backbones.load(TextEncoders.MINILM_L6_V2)) {
            TokenizedBatches data = abstracts(encoder, scale.bertTrainSentences);
            try (TransferModel model = TransferModel.of(encoder, Head.linear(meta.textClasses()))) {
                return trained(model, Fit.adam(2e-5f).batchSize(scale.bertBatch).quiet(), data, scale.bertBatch);
            }
        }
    }

    private Result minilmFrozen() {
        try (TextEncoder encoder = Backbones.load(TextEncoders.MINILM_L6_V2)) {
            return frozen(encoder, abstracts(encoder, scale.bertFrozenSentences), scale.bertBatch);
        }
    }

    // ------------------------------------------------------------------ 4: audio

    private Result dscnnFrozen() {
        FsddDataset clips = FsddDataset.load(Catalog.get().path(FsddDataset.CATALOG_ID), scale.fsddPerDigitAndSpeaker);
        KwsDsCnn kws = KwsDsCnn.load();
        return repeatUntilStable(() -> FeatureCache.compute(kws.backbone(), clips, 64).size(), 64);
    }

    private Result dscnnTrain() {
        FsddDataset clips = FsddDataset.load(Catalog.get().path(FsddDataset.CATALOG_ID), scale.fsddPerDigitAndSpeaker);
        try (TransferModel model = TransferModel.of(KwsDsCnn.load().backbone(), Head.linear(FsddDataset.CLASSES))) {
            return trained(model, Fit.sgd(0.01f).momentum(0.9f).batchSize(64).quiet(), clips, 64);
        }
    }

    // ------------------------------------------------------------------ 5: data pipelines

    private Result pipelineCifar() {
        ImageDataset cifar = ImageFolder.of(Catalog.get().path("cifar10-test"))
                .withTransform(ImageTransform.randomCrop(32, 4).withHorizontalFlip(), 1L);
        int[] idx = BenchInputs.spread(cifar.size(), scale.cifarPipelineImages);
        return repeatUntilStable(() -> batches(cifar, idx, scale.resnetBatch), scale.resnetBatch);
    }

    private Result pipelineHymenoptera() {
        ImageDataset ants = ImageFolder.of(Catalog.get().path("hymenoptera").resolve("train"))
                .withTransform(ImageTransform.randomResizedCrop(224).withHorizontalFlip(), 1L);
        int[] idx = BenchInputs.spread(ants.size(), Math.min(ants.size(), scale.hymenopteraImages));
        return repeatUntilStable(() -> batches(ants, idx, 32), 32);
    }

    private Result pipelineWavMfcc() {
        Path fsdd = Catalog.get().path(FsddDataset.CATALOG_ID);
        Result r = repeatUntilStable(() -> FsddDataset.load(fsdd, scale.fsddPerDigitAndSpeaker).size(), 0);
        return new Result(r.items(), r.seconds(), 0, r.note() + ", FsddDataset.load (parallel stream)");
    }

    private static int batches(ImageDataset data, int[] idx, int batch) {
        for (int start = 0; start < idx.length; start += batch) {
            int[] b = java.util.Arrays.copyOfRange(idx, start, Math.min(idx.length, start + batch));
            try (NDManager m = NDManager.newBaseManager()) {
                data.batch(m, b);
            }
        }
        return idx.length;
    }

    // ------------------------------------------------------------------ 6: head on cached features

    private Result headRecompute() throws IOException {
        ArrayBatches data = cifar(scale.headImages);
        try (TransferModel model = TransferModel.of(Backbones.load("resnet20-cifar10"), Head.linear(10))) {
            long t0 = System.nanoTime();
            Fit.sgd(0.01f).epochs(scale.headEpochs).batchSize(scale.resnetBatch).quiet()
                    .run(model, Strategy.featureExtraction(), data, null);
            return new Result(scale.headEpochs, seconds(t0), scale.resnetBatch,
                    data.size() + " images, backbone forward every epoch");
        }
    }

    private Result headCached() throws IOException {
        ArrayBatches data = cifar(scale.headImages);
        try (TransferModel model = TransferModel.of(Backbones.load("resnet20-cifar10"), Head.linear(10))) {
            long t0 = System.nanoTime();
            FeatureCache cache = FeatureCache.compute(model.backbone(), data, scale.resnetBatch);
            double extract = seconds(t0);
            Fit.sgd(0.01f).epochs(scale.headEpochs).batchSize(scale.resnetBatch).quiet().fitHead(model, cache, null);
            return new Result(scale.headEpochs, seconds(t0), scale.resnetBatch, String.format(Locale.ROOT,
                    "%d images, of which %.2f s computing the cache once", data.size(), extract));
        }
    }

    // ------------------------------------------------------------------ helpers

    private ArrayBatches cifar(int n) throws IOException {
        if (n > meta.cifarImages()) {
            throw new IllegalStateException("The prepared inputs hold " + meta.cifarImages() + " images, "
                    + n + " needed; prepare them again with the same scale");
        }
        float[] pixels = BenchInputs.readFloats(inputs.resolve("cifar-images.f32"), n * 3 * 32 * 32);
        long[] labels = BenchInputs.readLongs(inputs.resolve("cifar-labels.i64"), n);
        return new ArrayBatches(pixels, new Shape(3, 32, 32), IntStream.range(0, n).map(i -> (int) labels[i]).toArray());
    }

    private TokenizedBatches abstracts(TextEncoder encoder, int n) {
        TextDataset all = TextData.medicalAbstracts();
        int[] rows = meta.textRows().stream().limit(n).mapToInt(Integer::intValue).toArray();
        return encoder.batches(all.subset(rows, "benchmark abstracts"), meta.tokens());
    }

    /** Whole passes as warm-up (see {@link Scale#warmupSeconds}), then the timed pass. */
    private Result frozen(Backbone backbone, BatchSource data, int batch) {
        int warmups = warmUp(() -> FeatureCache.compute(backbone, data, batch));
        long t0 = System.nanoTime();
        FeatureCache.compute(backbone, data, batch);
        return new Result(data.size(), seconds(t0), batch,
                "FeatureCache.compute after " + warmups + " warm-up pass(es), " + threads());
    }

    /** Warm-up epochs (see {@link Scale#warmupSeconds}), then one Fit whose first epoch is dropped and the rest timed. */
    private Result trained(TransferModel model, Fit fit, BatchSource data, int batch) {
        int warmups = warmUp(() -> fit.epochs(1).run(model, Strategy.full(), data, null));
        History h = fit.epochs(1 + scale.timedEpochs).run(model, Strategy.full(), data, null);
        return timedEpochs(h, data.size(), batch, warmups);
    }

    /** Runs {@code pass} at least once and until {@link Scale#warmupSeconds} have passed; returns how often. */
    private int warmUp(Runnable pass) {
        long t0 = System.nanoTime();
        int passes = 0;
        do {
            pass.run();
            passes++;
        } while (seconds(t0) < scale.warmupSeconds);
        return passes;
    }


    private static Result timedEpochs(History h, int examples, int batch, int warmups) {
        double[] seconds = h.column("seconds");
        double timed = 0;
        for (int e = 1; e < seconds.length; e++) {
            timed += seconds[e];
        }
        return new Result((long) examples * (seconds.length - 1), timed, batch, String.format(Locale.ROOT,
                "Fit, %d timed epoch(s) after %d warm-up epoch(s) and a %.2f s untimed one, %s", seconds.length - 1,
                warmups, seconds[0], threads()));
    }

    /**
     * For workloads without a PyTorch twin: runs {@code pass} (which returns how many items it did) as
     * warm-up, then again and again until {@link Scale#minSeconds} have passed, for a stable rate.
     */
    private Result repeatUntilStable(java.util.function.IntSupplier pass, int batch) {
        warmUp(pass::getAsInt);
        int passes = 0;
        long items = 0;
        long t0 = System.nanoTime();
        do {
            items += pass.getAsInt();
            passes++;
        } while (seconds(t0) < scale.minSeconds);
        return new Result(items, seconds(t0), batch, passes + " pass(es) after warm-up");
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
