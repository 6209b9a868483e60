package tlkit.audio;

import java.nio.file.Path;

/** Entry points for audio files: read a WAV and bring it to what the keyword-spotting model takes. */
public final class Audio {

    private Audio() {
    }

    /** Mono samples at the file's own rate (channels averaged). */
    public static AudioClip read(Path wav) {
        return WavReader.read(wav);
    }

    /** Mono, resampled to 16 kHz, zero-padded or trimmed to 1 s: the kws-dscnn input clip. */
    public static AudioClip loadForKws(Path wav) {
        return read(wav).resampledTo(MfccFrontEnd.SAMPLE_RATE).padOrTrim(MfccFrontEnd.CLIP_SAMPLES);
    }

    /** The 49 × 10 MFCCs (row-major) of a WAV file, as the kws-dscnn model expects them. */
    public static float[] mfcc(Path wav) {
        return MfccFrontEnd.kws().mfcc(loadForKws(wav).samples());
    }
}
