package tlkit.harness.bench;

/**
 * How much work each workload does. {@code FULL} is the real benchmark (./kit bench, under 15 minutes
 * on 2 cores), {@code QUICK} a 1-2 minute smoke (./kit bench --quick), {@code TINY} one or two steps
 * on small batches, for the unit test.
 */
public enum Scale {
    //            resnet batch, train imgs, frozen imgs, bert batch, bert len, bert train, bert frozen,
    //            fsdd per digit+speaker, cifar pipeline imgs, hymenoptera imgs, head imgs, head epochs, timed epochs
    //            seconds a workload without a PyTorch twin keeps repeating, seconds of warm-up passes
    TINY(16, 32, 32, 4, 16, 8, 8, 1, 32, 4, 32, 2, 1, 0, 0),
    QUICK(128, 256, 512, 32, 64, 64, 128, 4, 512, 48, 256, 10, 1, 1.5, 1),
    FULL(128, 640, 2560, 32, 64, 128, 640, 20, 2560, 244, 1280, 10, 2, 3, 5);

    final int resnetBatch;
    final int resnetTrainImages;
    final int resnetFrozenImages;
    final int bertBatch;
    final int bertLength;
    final int bertTrainSentences;
    final int bertFrozenSentences;
    final int fsddPerDigitAndSpeaker;
    final int cifarPipelineImages;
    final int hymenopteraImages;
    final int headImages;
    final int headEpochs;
    /** Epochs timed after the warm-up, for the training workloads. */
    final int timedEpochs;
    final double minSeconds;
    /**
     * Both engines repeat whole warm-up passes (epochs, for training) until this many seconds have passed,
     * at least one: the JVM's JIT compilers and libtorch's first-call costs settle, as they do early in a
     * lab that runs for minutes. One fixed pass measured the kit while C2 still compiled on the two cores.
     */
    final double warmupSeconds;

    Scale(int resnetBatch, int resnetTrainImages, int resnetFrozenImages, int bertBatch, int bertLength,
            int bertTrainSentences, int bertFrozenSentences, int fsddPerDigitAndSpeaker, int cifarPipelineImages,
            int hymenopteraImages, int headImages, int headEpochs, int timedEpochs,
            double minSeconds, double warmupSeconds) {
        this.resnetBatch = resnetBatch;
        this.resnetTrainImages = resnetTrainImages;
        this.resnetFrozenImages = resnetFrozenImages;
        this.bertBatch = bertBatch;
        this.bertLength = bertLength;
        this.bertTrainSentences = bertTrainSentences;
        this.bertFrozenSentences = bertFrozenSentences;
        this.fsddPerDigitAndSpeaker = fsddPerDigitAndSpeaker;
        this.cifarPipelineImages = cifarPipelineImages;
        this.hymenopteraImages = hymenopteraImages;
        this.headImages = headImages;
        this.headEpochs = headEpochs;
        this.timedEpochs = timedEpochs;
        this.minSeconds = minSeconds;
        this.warmupSeconds = warmupSeconds;
    }

    /** Images the shared input file must hold (the largest ResNet workload). */
    int cifarImagesNeeded() {
        return Math.max(Math.max(resnetTrainImages, resnetFrozenImages), headImages);
    }

    int sentencesNeeded() {
        return Math.max(bertTrainSentences, bertFrozenSentences);
    }

    static Scale parse(String s) {
        try {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown scale '" + s + "'; use tiny, quick or full");
        }
    }
}
