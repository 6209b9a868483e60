package tlkit.audio;

import ai.djl.ndarray.types.Shape;
import tlkit.data.ArrayBatches;

/**
 * Spoken digits as pictures: each clip's log-mel spectrogram (time left to right, low frequencies at the
 * bottom) scaled to 0–255 and resized to a square RGB image with three equal channels, so an ImageNet CNN
 * can take it as a photo. A target domain far from the photos the CNN was pretrained on.
 */
public final class SpectrogramImages {

    private SpectrogramImages() {
    }

    /** The clips {@code indices} of {@code data} as {@code [3, size, size]} images, labelled with their digit. */
    public static ArrayBatches of(FsddDataset data, int[] indices, int size) {
        float[] pixels = new float[indices.length * 3 * size * size];
        int[] labels = new int[indices.length];
        for (int n = 0; n < indices.length; n++) {
            float[][] logMel = MfccFrontEnd.kws().logMel(data.clip(indices[n]).samples()); // [frames][bands]
            float[][] image = toImage(logMel, size);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < size; y++) {
                    System.arraycopy(image[y], 0, pixels, ((n * 3 + c) * size + y) * size, size);
                }
            }
            labels[n] = data.labels()[indices[n]];
        }
        return new ArrayBatches(pixels, new Shape(3, size, size), labels);
    }

    /** {@code [frames][bands]} to a {@code size × size} grey image (0–255), bilinear, band 0 at the bottom row. */
    static float[][] toImage(float[][] logMel, int size) {
        int frames = logMel.length;
        int bands = logMel[0].length;
        float lo = AudioPictures.range(logMel)[0];
        float range = Math.max(1e-6f, AudioPictures.range(logMel)[1] - lo);
        float[][] image = new float[size][size];
        for (int y = 0; y < size; y++) {
            double band = (size - 1 - y) * (bands - 1) / (double) Math.max(1, size - 1);
            for (int x = 0; x < size; x++) {
                double frame = x * (frames - 1) / (double) Math.max(1, size - 1);
                image[y][x] = 255f * (bilinear(logMel, frame, band) - lo) / range;
            }
        }
        return image;
    }

    private static float bilinear(float[][] m, double row, double column) {
        int r0 = (int) Math.floor(row);
        int c0 = (int) Math.floor(column);
        int r1 = Math.min(m.length - 1, r0 + 1);
        int c1 = Math.min(m[0].length - 1, c0 + 1);
        double fr = row - r0;
        double fc = column - c0;
        double top = m[r0][c0] * (1 - fc) + m[r0][c1] * fc;
        double bottom = m[r1][c0] * (1 - fc) + m[r1][c1] * fc;
        return (float) (top * (1 - fr) + bottom * fr);
    }
}
