package tlkit.audio;

import java.util.Objects;

/**
 * Mono audio samples as floats (full scale = 1.0) at a given sample rate, with the name of the file
 * they came from (used in error messages and picture titles).
 */
public record AudioClip(float[] samples, int sampleRate, String source) {

    public AudioClip {
        Objects.requireNonNull(samples, "samples");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("Sample rate must be positive, got " + sampleRate + " for " + source);
        }
    }

    /** Length in seconds. */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    /** This clip at another sample rate (anti-aliased windowed-sinc resampling). */
    public AudioClip resampledTo(int targetRate) {
        if (targetRate == sampleRate) {
            return this;
        }
        return new AudioClip(SampleRateConverter.convert(samples, sampleRate, targetRate), targetRate, source);
    }

    /** This clip zero-padded at the end or trimmed to exactly {@code length} samples. */
    public AudioClip padOrTrim(int length) {
        float[] out = new float[length];
        System.arraycopy(samples, 0, out, 0, Math.min(length, samples.length));
        return new AudioClip(out, sampleRate, source);
    }

    @Override
    public String toString() {
        return String.format("AudioClip(%s, %d samples, %d Hz, %.2f s)", source, samples.length, sampleRate, seconds());
    }
}
