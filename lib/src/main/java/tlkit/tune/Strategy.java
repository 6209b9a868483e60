package tlkit.tune;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * How much of the backbone to train, and how fast: applied by {@link Fit} at the start of a run
 * ({@code prepare}) and at the start of every epoch.
 *
 * <ul>
 *   <li>{@link #featureExtraction()}: backbone frozen, only the head trains.</li>
 *   <li>{@link #partial(int)}: stages {@code 0..k-1} frozen, the top stages and the head train.</li>
 *   <li>{@link #full()}: everything trains, at one learning rate.</li>
 *   <li>{@link #scratch()}: same architecture, random weights, everything trains (the baseline that
 *       shows what pretraining is worth).</li>
 *   <li>{@link #gradualUnfreezing(int)}: head only first, then one more stage from the top every
 *       {@code epochsPerStage} epochs (ULMFiT).</li>
 *   <li>{@link #discriminative(float)}: everything trains, lower stages slower: stage at depth d below
 *       the top gets {@code lr / decay^d}, the top stage and the head get {@code lr} (ULMFiT).</li>
 * </ul>
 *
 * Two options change how any fine-tuning strategy starts and what BatchNorm does:
 * <ul>
 *   <li>{@link #withWarmHead(float, int)}: train the new head alone first (a linear probe on the frozen
 *       backbone), then fine-tune from there ("LP-FT"). A random head sends large, random gradients into
 *       the pretrained stages in the first steps and can wreck what they know.</li>
 *   <li>{@link #withBatchNormInference()}: the BatchNorm layers of trainable stages keep using (and keep)
 *       their pretrained running statistics, as Keras does with {@code training=False}; their scale and
 *       shift still train. Small batches give noisy batch statistics; this avoids them.</li>
 * </ul>
 */
public final class Strategy {

    private final String name;
    /**
     * What {@code prepare} and {@code onEpochStart} do, as a value ("freezeTo 2", "gradual 1"): the two
     * functions are lambdas, which compare by identity, so equality compares this description instead.
     */
    private final String freezing;
    private final Consumer<TransferModel> prepare;
    private final BiConsumer<TransferModel, Integer> onEpochStart;
    private final float decay;
    private final Float baseLr;
    private final int epochsPerStage;
    /** Warm head: the probe's learning rate and epochs (0 epochs = start from the random head). */
    private final float headLr;
    private final int headEpochs;
    private final boolean batchNormInference;

    private Strategy(String name, String freezing, Consumer<TransferModel> prepare,
            BiConsumer<TransferModel, Integer> onEpochStart, float decay, Float baseLr, int epochsPerStage,
            float headLr, int headEpochs, boolean batchNormInference) {
        this.name = name;
        this.freezing = freezing;
        this.prepare = prepare;
        this.onEpochStart = onEpochStart;
        this.decay = decay;
        this.baseLr = baseLr;
        this.epochsPerStage = epochsPerStage;
        this.headLr = headLr;
        this.headEpochs = headEpochs;
        this.batchNormInference = batchNormInference;
    }

    private static Strategy of(String name, String freezing, Consumer<TransferModel> prepare) {
        return new Strategy(name, freezing, prepare, (m, e) -> { }, 1f, null, 0, 0f, 0, false);
    }

    private Strategy with(String newName, float newDecay, Float newBaseLr, float newHeadLr, int newHeadEpochs,
            boolean newBatchNormInference) {
        return new Strategy(newName, freezing, prepare, onEpochStart, newDecay, newBaseLr, epochsPerStage, newHeadLr,
                newHeadEpochs, newBatchNormInference);
    }

    public static Strategy featureExtraction() {
        return of("feature extraction", "freeze", TransferModel::freeze);
    }

    /** Freezes stages {@code 0..k-1}; stages {@code k..} and the head train. */
    public static Strategy partial(int k) {
        return of("partial (freeze " + k + ")", "freezeTo " + k, m -> m.freezeTo(k));
    }

    /** Freezes the stages up to and including {@code stageName}. */
    public static Strategy partial(String stageName) {
        return of("partial (up to " + stageName + ")", "freezeUpTo " + stageName, m -> m.freezeUpTo(stageName));
    }

    public static Strategy full() {
        return of("full fine-tuning", "unfreeze", TransferModel::unfreeze);
    }

    /** Random backbone weights (seeded by the {@link Fit}'s seed), everything trains. */
    public static Strategy scratch() {
        return of("from scratch", "scratch", m -> {
            m.reinitializeBackbone();
            m.unfreeze();
        });
    }

    /** Head only for the first {@code epochsPerStage} epochs, then one more top stage per period. */
    public static Strategy gradualUnfreezing(int epochsPerStage) {
        if (epochsPerStage < 1) {
            throw new IllegalArgumentException("epochsPerStage must be >= 1, got " + epochsPerStage);
        }
        return new Strategy("gradual unfreezing", "gradual " + epochsPerStage, TransferModel::freeze, (m, epoch) -> {
            int open = epoch / epochsPerStage;
            m.freezeTo(Math.max(0, m.stages().size() - open));
        }, 1f, null, epochsPerStage, 0f, 0, false);
    }

    public static Strategy gradualUnfreezing() {
        return gradualUnfreezing(1);
    }

    /** Everything trains; stage at depth d below the top gets {@code lr / decay^d} (lr = the Fit's lr). */
    public static Strategy discriminative(float decay) {
        return full().withDecay(decay).named("discriminative (decay " + decay + ")");
    }

    /** Like {@link #discriminative(float)} with a fixed head/top-stage lr that overrides the Fit's lr. */
    public static Strategy discriminative(float baseLr, float decay) {
        Strategy s = discriminative(decay);
        return s.with(s.name + " base lr " + baseLr, decay, baseLr, 0f, 0, false);
    }

    /** The same freezing, with discriminative learning rates added (e.g. gradual unfreezing + decay 2.6). */
    public Strategy withDecay(float decay) {
        if (decay < 1f) {
            throw new IllegalArgumentException("decay must be >= 1 (lower stages learn slower), got " + decay);
        }
        return with(name + ", decay " + decay, decay, baseLr, headLr, headEpochs, batchNormInference);
    }

    /**
     * The same strategy, started from a trained head: first {@code headEpochs} epochs of the head alone on the
     * frozen backbone at {@code headLr} (use the rate tuned for feature extraction), then this strategy.
     */
    public Strategy withWarmHead(float headLr, int headEpochs) {
        if (freezing.equals("scratch")) {
            throw new IllegalArgumentException("a warm head needs pretrained features; from scratch re-initialises "
                    + "the backbone after the probe");
        }
        if (!(headLr > 0) || headEpochs < 1) {
            throw new IllegalArgumentException("warm head: headLr must be > 0 and headEpochs >= 1, got " + headLr
                    + " and " + headEpochs);
        }
        return with(name + ", warm head", decay, baseLr, headLr, headEpochs, batchNormInference);
    }

    /** The same strategy with BatchNorm in inference mode in the trainable stages (Keras' {@code training=False}). */
    public Strategy withBatchNormInference() {
        return with(name + ", BN frozen", decay, baseLr, headLr, headEpochs, true);
    }

    /** The same strategy under another display name (used in tables and chart legends). */
    public Strategy named(String newName) {
        return with(newName, decay, baseLr, headLr, headEpochs, batchNormInference);
    }

    /** Whether only the head trains (feature extraction): then cached features can replace the backbone. */
    public boolean trainsHeadOnly() {
        return freezing.equals("freeze");
    }

    /** Epochs of the head alone before fine-tuning (0: the fine-tuning starts from the random head). */
    public int headEpochs() {
        return headEpochs;
    }

    public float headLr() {
        return headLr;
    }

    public boolean batchNormInference() {
        return batchNormInference;
    }

    /** Gradual unfreezing: epochs before each further stage opens; 0 for every other strategy. */
    public int epochsPerStage() {
        return epochsPerStage;
    }

    public String name() {
        return name;
    }

    /** Per-stage learning-rate decay (1 = one learning rate for all). */
    public float decay() {
        return decay;
    }

    /** Learning-rate multiplier of stage {@code stage} of {@code numStages}; the head is at 1. */
    public float lrScale(int stage, int numStages) {
        if (stage >= numStages) {
            return 1f;
        }
        int depth = numStages - 1 - stage;
        return (float) Math.pow(decay, -depth);
    }

    /** The lr this strategy insists on, or {@code fitLr}. */
    public float baseLr(float fitLr) {
        return baseLr != null ? baseLr : fitLr;
    }

    void prepare(TransferModel model) {
        prepare.accept(model);
        model.batchNormInference(batchNormInference);
    }

    void onEpochStart(TransferModel model, int epoch) {
        onEpochStart.accept(model, epoch);
    }

    /** Same name, freezing, decay, base lr, epochs per stage, warm head and BatchNorm mode: the same strategy. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Strategy s && name.equals(s.name) && freezing.equals(s.freezing)
                && Float.compare(decay, s.decay) == 0 && java.util.Objects.equals(baseLr, s.baseLr)
                && epochsPerStage == s.epochsPerStage && Float.compare(headLr, s.headLr) == 0
                && headEpochs == s.headEpochs && batchNormInference == s.batchNormInference;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, freezing, decay, baseLr, epochsPerStage, headLr, headEpochs,
                batchNormInference);
    }

    @Override
    public String toString() {
        return name;
    }
}
