package tlkit.audio;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import tlkit.viz.Colormap;

/**
 * Plain Java2D pictures of audio: a waveform and a time × feature heatmap (spectrogram, log-mel, MFCC)
 * with axes, labels and a colour bar. 700 × 300 pixels, ready for {@code display(image)} in a notebook.
 */
public final class AudioPictures {

    public static final int WIDTH = 700;
    public static final int HEIGHT = 300;
    private static final int LEFT = 60;
    private static final int RIGHT = 90;
    private static final int TOP = 30;
    private static final int BOTTOM = 45;

    private AudioPictures() {
    }

    /** Waveform of a clip: amplitude over time in seconds. */
    public static BufferedImage waveform(AudioClip clip) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        int w = WIDTH - LEFT - 30;
        int h = HEIGHT - TOP - BOTTOM;
        float[] x = clip.samples();
        float peak = 1e-9f;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        g.setColor(new Color(0xdddddd));
        g.drawLine(LEFT, TOP + h / 2, LEFT + w, TOP + h / 2);
        g.setColor(new Color(0x1f77b4));
        // one vertical min-max line per pixel column
        for (int px = 0; px < w && x.length > 0; px++) {
            int from = (int) ((long) px * x.length / w);
            int to = Math.max(from + 1, (int) ((long) (px + 1) * x.length / w));
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (int i = from; i < Math.min(to, x.length); i++) {
                lo = Math.min(lo, x[i]);
                hi = Math.max(hi, x[i]);
            }
            int y1 = TOP + (int) ((1 - (hi / peak + 1) / 2) * h);
            int y2 = TOP + (int) ((1 - (lo / peak + 1) / 2) * h);
            g.drawLine(LEFT + px, y1, LEFT + px, y2);
        }
        axes(g, w, h, 0, clip.seconds(), -peak, peak, "time (s)", "amplitude",
                "Waveform: " + clip.source() + " (" + clip.sampleRate() + " Hz)", false);
        g.dispose();
        return img;
    }

    /** Log-mel spectrogram (40 bands × 49 frames) of a clip, computed with the kws-dscnn front-end. */
    public static BufferedImage logMel(AudioClip clip) {
        AudioClip c = clip.resampledTo(MfccFrontEnd.SAMPLE_RATE);
        return spectrogram(MfccFrontEnd.kws().logMel(c.samples()), "Log-mel spectrogram: " + clip.source(),
                "mel band (20 Hz - 4 kHz)", MfccFrontEnd.HOP / (double) MfccFrontEnd.SAMPLE_RATE);
    }

    /**
     * The 49 × 10 MFCCs of a clip as the kws-dscnn model sees them, each coefficient scaled to zero mean and
     * unit variance over the clip. Unscaled, coefficient 0 (overall loudness, about −120 … 15) takes the whole
     * colour range and the other nine show no structure.
     */
    public static BufferedImage mfcc(AudioClip clip) {
        AudioClip c = clip.resampledTo(MfccFrontEnd.SAMPLE_RATE);
        return spectrogram(standardizedPerFeature(MfccFrontEnd.kws().mfccMatrix(c.samples())),
                "MFCC: " + clip.source() + " (each coefficient standardised over time)", "coefficient",
                MfccFrontEnd.HOP / (double) MfccFrontEnd.SAMPLE_RATE);
    }

    /** {@code matrix[time][feature]} with every feature shifted and scaled to mean 0, standard deviation 1. */
    public static float[][] standardizedPerFeature(float[][] matrix) {
        int frames = matrix.length;
        int features = frames == 0 ? 0 : matrix[0].length;
        float[][] out = new float[frames][features];
        for (int f = 0; f < features; f++) {
            double mean = 0;
            for (float[] row : matrix) {
                mean += row[f];
            }
            mean /= frames;
            double var = 0;
            for (float[] row : matrix) {
                var += (row[f] - mean) * (row[f] - mean);
            }
            double sd = Math.sqrt(var / frames);
            for (int t = 0; t < frames; t++) {
                out[t][f] = sd < 1e-9 ? 0f : (float) ((matrix[t][f] - mean) / sd);
            }
        }
        return out;
    }

    /** A heatmap of {@code matrix[time][feature]}, time in frames on the x axis. */
    public static BufferedImage spectrogram(float[][] matrix) {
        return spectrogram(matrix, "Spectrogram", "feature", 0);
    }

    /**
     * A heatmap of {@code matrix[time][feature]} (time left to right, feature 0 at the bottom), with a
     * viridis colour bar. If {@code secondsPerFrame > 0} the x axis is in seconds, else in frames.
     */
    public static BufferedImage spectrogram(float[][] matrix, String title, String featureLabel, double secondsPerFrame) {
        if (matrix.length == 0 || matrix[0].length == 0) {
            throw new IllegalArgumentException("Cannot draw an empty matrix for '" + title + "'");
        }
        int frames = matrix.length;
        int bins = matrix[0].length;
        float[] range = range(matrix);
        float lo = range[0];
        float hi = range[1];
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        int w = WIDTH - LEFT - RIGHT;
        int h = HEIGHT - TOP - BOTTOM;
        for (int px = 0; px < w; px++) {
            int t = Math.min(frames - 1, px * frames / w);
            for (int py = 0; py < h; py++) {
                int b = Math.min(bins - 1, (h - 1 - py) * bins / h);
                img.setRGB(LEFT + px, TOP + py, colour((matrix[t][b] - lo) / Math.max(1e-12f, hi - lo)));
            }
        }
        boolean seconds = secondsPerFrame > 0;
        axes(g, w, h, 0, seconds ? frames * secondsPerFrame : frames, 0, bins,
                seconds ? "time (s)" : "frame", featureLabel, title, true);
        colourBar(g, img, LEFT + w + 20, h, lo, hi);
        g.dispose();
        return img;
    }

    /** The smallest and the largest value of {@code matrix}. */
    static float[] range(float[][] matrix) {
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float[] row : matrix) {
            for (float v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return new float[] {lo, hi};
    }

    static int colour(double t) {
        return Colormap.viridis(t);
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        return g;
    }

    private static void axes(Graphics2D g, int w, int h, double x0, double x1, double y0, double y1,
            String xLabel, String yLabel, String title, boolean integerY) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(LEFT, TOP, w, h);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i <= 5; i++) {
            int px = LEFT + i * w / 5;
            String s = format(x0 + (x1 - x0) * i / 5);
            g.drawLine(px, TOP + h, px, TOP + h + 4);
            g.drawString(s, px - fm.stringWidth(s) / 2, TOP + h + 16);
            if (i <= 4) {
                double value = y0 + (y1 - y0) * i / 4;
                if (integerY) {
                    value = Math.round(value); // band/coefficient counts: whole numbers only
                }
                int py = TOP + h - (int) Math.round((value - y0) / (y1 - y0) * h);
                String v = format(value);
                g.drawLine(LEFT - 4, py, LEFT, py);
                g.drawString(v, LEFT - 6 - fm.stringWidth(v), py + 4);
            }
        }
        g.drawString(xLabel, LEFT + w / 2 - fm.stringWidth(xLabel) / 2, HEIGHT - 8);
        AffineTransform old = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + h / 2 + fm.stringWidth(yLabel) / 2), 14);
        g.setTransform(old);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 13f));
        g.drawString(title, LEFT, TOP - 10);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 11f));
    }

    private static void colourBar(Graphics2D g, BufferedImage img, int x, int h, float lo, float hi) {
        for (int py = 0; py < h; py++) {
            int c = colour(1 - py / (double) (h - 1));
            for (int px = 0; px < 14; px++) {
                img.setRGB(x + px, TOP + py, c);
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(x, TOP, 14, h);
        for (int i = 0; i <= 4; i++) {
            int py = TOP + h - i * h / 4;
            g.drawString(format(lo + (hi - lo) * i / 4), x + 18, py + 4);
        }
    }

    private static String format(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 0.01 || a >= 10_000)) {
            return String.format("%.1e", v);
        }
        return a >= 100 || v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.2f", v);
    }
}
