package tlkit.models;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter that advances whenever weights are written in place (loading a file, restoring a snapshot,
 * re-initialising), so that anything derived from weight values, such as a frozen {@link Stage}'s folded
 * convolutions, knows to recompute. Optimizer steps need not advance it: they never touch frozen weights.
 */
public final class WeightGeneration {

    private static final AtomicLong GENERATION = new AtomicLong();

    private WeightGeneration() {}

    /** Call after overwriting parameter values in place (e.g. {@code parameter.getArray().set(...)}). */
    public static void advance() {
        GENERATION.incrementAndGet();
    }

    static long current() {
        return GENERATION.get();
    }
}
