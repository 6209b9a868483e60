package tlkit.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tlkit.data.Catalog;

class WavReaderTest {

    @TempDir
    Path tmp;

    private Path write(String name, AudioFormat format, byte[] data) throws IOException {
        Path p = tmp.resolve(name);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(data), format,
                data.length / format.getFrameSize())) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, p.toFile());
        }
        return p;
    }

    @Test
    void stereo16BitIsMixedToMonoAndScaledToFullScale() throws IOException {
        AudioFormat f = new AudioFormat(44_100, 16, 2, true, false);
        // frames: (L=16384, R=0), (L=-32768, R=-32768), (L=100, R=300)
        byte[] d = {0x00, 0x40, 0x00, 0x00, 0x00, (byte) 0x80, 0x00, (byte) 0x80, 100, 0, 44, 1};
        AudioClip c = WavReader.read(write("s16.wav", f, d));
        assertEquals(44_100, c.sampleRate());
        assertArrayEquals(new float[] {0.25f, -1f, 200f / 32768}, c.samples(), 1e-7f);
    }

    @Test
    void unsigned8BitAndSigned24BitDecodeToTheSameValues() throws IOException {
        AudioClip u8 = WavReader.read(write("u8.wav", new AudioFormat(8_000, 8, 1, false, false),
                new byte[] {(byte) 128, (byte) 192, 0}));
        assertArrayEquals(new float[] {0f, 0.5f, -1f}, u8.samples(), 1e-7f);
        AudioClip s24 = WavReader.read(write("s24.wav", new AudioFormat(8_000, 24, 1, true, false),
                new byte[] {0, 0, 0, 0, 0, 0x40, 0, 0, (byte) 0x80}));
        assertArrayEquals(new float[] {0f, 0.5f, -1f}, s24.samples(), 1e-7f);
    }

    @Test
    void fsddRecordingIs8kHzMonoAndLoadForKwsGivesOneSecondAt16kHz() {
        Path wav = Catalog.get().path("fsdd").resolve("recordings/0_george_0.wav");
        AudioClip raw = Audio.read(wav);
        assertEquals(8_000, raw.sampleRate());
        AudioClip kws = Audio.loadForKws(wav);
        assertEquals(16_000, kws.sampleRate());
        assertEquals(16_000, kws.samples().length);
    }

    @Test
    void corruptFileErrorNamesTheFileAndWhatToDo() throws IOException {
        Path bad = tmp.resolve("broken.wav");
        Files.writeString(bad, "this is not a RIFF file at all, just text");
        AudioFileException e = assertThrows(AudioFileException.class, () -> WavReader.read(bad));
        assertTrue(e.getMessage().contains("broken.wav"), e.getMessage());
        assertTrue(e.getMessage().contains("PCM WAV"), e.getMessage());
    }

    @Test
    void emptyWavIsRejectedWithTheFileName() throws IOException {
        Path empty = write("empty.wav", new AudioFormat(16_000, 16, 1, true, false), new byte[0]);
        AudioFileException e = assertThrows(AudioFileException.class, () -> WavReader.read(empty));
        assertTrue(e.getMessage().contains("empty.wav") && e.getMessage().contains("no audio samples"),
                e.getMessage());
    }

    @Test
    void missingFileIsReportedAsSuch() {
        AudioFileException e = assertThrows(AudioFileException.class,
                () -> WavReader.read(tmp.resolve("nowhere.wav")));
        assertTrue(e.getMessage().contains("nowhere.wav") && e.getMessage().contains("no such file"));
    }
}
