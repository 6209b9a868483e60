package tlkit.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tlkit.data.ArrayBatches;

class SpectrogramImagesTest {

    @Test
    void lowBandsAtTheBottomTimeLeftToRightScaledTo255() {
        float[][] logMel = new float[3][2]; // 3 frames, 2 bands
        logMel[0][0] = -10; // first frame, lowest band: the minimum
        logMel[2][1] = 30;  // last frame, highest band: the maximum
        float[][] image = SpectrogramImages.toImage(logMel, 5);
        assertEquals(0f, image[4][0], 1e-4f, "bottom-left is frame 0, band 0");
        assertEquals(255f, image[0][4], 1e-4f, "top-right is the last frame, the highest band");
        assertEquals(255f * 10 / 40, image[2][2], 1e-3f, "a zero of the log-mel sits at 10/40 of the range");
    }

    @Test
    void realClipsBecomeLabelledThreeChannelImages() {
        FsddDataset fsdd = FsddDataset.load();
        int[] idx = {0, 1, 2};
        ArrayBatches images = SpectrogramImages.of(fsdd, idx, 32);
        assertEquals(3, images.size());
        assertArrayEquals(new int[] {fsdd.labels()[0], fsdd.labels()[1], fsdd.labels()[2]}, images.labels());
        float[] first = images.example(0);
        assertEquals(3 * 32 * 32, first.length);
        for (int i = 0; i < 32 * 32; i++) {
            assertEquals(first[i], first[i + 2 * 32 * 32], "the three channels are equal");
        }
    }
}
