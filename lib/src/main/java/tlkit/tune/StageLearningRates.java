package tlkit.tune;

import ai.djl.training.tracker.ParameterTracker;
import java.util.HashMap;
import java.util.Map;

/**
 * Learning rate per parameter: a base schedule (constant or cosine over the whole run, driven by
 * the loop's global step) times a per-stage multiplier looked up by parameter id (DJL's optimizers
 * only pass ids, not names).
 */
final class StageLearningRates implements ParameterTracker {

    private final Map<String, Float> scaleById = new HashMap<>();
    private float baseLr;
    private final boolean cosine;
    private final int totalSteps;
    private int step;

    StageLearningRates(float baseLr, boolean cosine, int totalSteps) {
        this.baseLr = baseLr;
        this.cosine = cosine;
        this.totalSteps = Math.max(1, totalSteps);
    }

    void scale(String parameterId, float multiplier) {
        scaleById.put(parameterId, multiplier);
    }

    float scaleOf(String parameterId) {
        return scaleById.getOrDefault(parameterId, 1f);
    }

    void setStep(int step) {
        this.step = step;
    }

    void setBaseLr(float lr) {
        this.baseLr = lr;
    }

    /** The head's learning rate at the current step. */
    float current() {
        if (!cosine) {
            return baseLr;
        }
        double t = Math.min(step, totalSteps) / (double) totalSteps;
        return (float) (baseLr * 0.5 * (1 + Math.cos(Math.PI * t)));
    }

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        return current() * scaleOf(parameterId);
    }
}
