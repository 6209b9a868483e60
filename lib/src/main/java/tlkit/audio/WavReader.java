package tlkit.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Reads WAV files (PCM 8/16/24/32-bit integer or 32-bit float, any channel count, any sample rate)
 * with {@code javax.sound.sampled} and mixes the channels down to mono.
 */
public final class WavReader {

    private static final String FIX = "Use a PCM WAV file (8, 16 or 24-bit, mono or stereo), e.g. convert it with"
            + " `ffmpeg -i in.xxx -acodec pcm_s16le out.wav`";

    private WavReader() {
    }

    /** Mono samples in [-1, 1] at the file's own sample rate. */
    public static AudioClip read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AudioFileException(file, "no such file", "Check the path (and that the dataset was downloaded)", null);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
                AudioInputStream in = AudioSystem.getAudioInputStream(raw)) {
            AudioFormat format = in.getFormat();
            byte[] bytes = in.readAllBytes();
            float[] mono = decodeToMono(file, format, bytes);
            if (mono.length == 0) {
                throw new AudioFileException(file, "it contains no audio samples (empty data chunk)",
                        "Re-record or re-download the file", null);
            }
            return new AudioClip(mono, Math.round(format.getSampleRate()), file.getFileName().toString());
        } catch (UnsupportedAudioFileException e) {
            throw new AudioFileException(file, "not a readable WAV file (" + e.getMessage() + ")", FIX, e);
        } catch (IOException e) {
            throw new AudioFileException(file, "read failed or file truncated (" + e.getMessage() + ")",
                    "Re-download the file", e);
        }
    }

    private static float[] decodeToMono(Path file, AudioFormat f, byte[] bytes) {
        AudioFormat.Encoding enc = f.getEncoding();
        int bits = f.getSampleSizeInBits();
        int channels = f.getChannels();
        boolean signed = AudioFormat.Encoding.PCM_SIGNED.equals(enc);
        boolean unsigned = AudioFormat.Encoding.PCM_UNSIGNED.equals(enc);
        boolean floating = AudioFormat.Encoding.PCM_FLOAT.equals(enc);
        boolean supported = (signed && (bits == 16 || bits == 24 || bits == 32 || bits == 8))
                || (unsigned && bits == 8) || (floating && bits == 32);
        if (!supported || channels < 1) {
            throw new AudioFileException(file, "unsupported sample format " + enc + " " + bits + "-bit, "
                    + channels + " channel(s)", FIX, null);
        }
        int bytesPerSample = bits / 8;
        int frameSize = bytesPerSample * channels;
        int frames = bytes.length / frameSize;
        float[] mono = new float[frames];
        boolean big = f.isBigEndian();
        double scale = floating ? 1.0 : 1.0 / (1L << (bits - 1));
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                int off = i * frameSize + c * bytesPerSample;
                double v;
                if (floating) {
                    v = Float.intBitsToFloat((int) readInt(bytes, off, 4, big));
                } else if (unsigned) {
                    v = (bytes[off] & 0xff) - 128;
                } else {
                    long u = readInt(bytes, off, bytesPerSample, big);
                    v = (u << (64 - bits)) >> (64 - bits); // sign-extend
                }
                sum += v;
            }
            mono[i] = (float) (sum / channels * scale);
        }
        return mono;
    }

    private static long readInt(byte[] b, int off, int n, boolean bigEndian) {
        long v = 0;
        for (int k = 0; k < n; k++) {
            int idx = bigEndian ? off + k : off + n - 1 - k;
            v = (v << 8) | (b[idx] & 0xff);
        }
        return v;
    }
}
