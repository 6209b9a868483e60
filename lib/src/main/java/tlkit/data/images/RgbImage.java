package tlkit.data.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A decoded 8-bit RGB image, pixels interleaved row by row ({@code rgb[(y * width + x) * 3 + c]}). */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " bytes, expected " + width * height * 3);
        }
    }

    /** Value 0..255 of channel {@code c} (0 = R) at (x, y). */
    public int at(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }

    /** Decodes a JPEG/PNG/BMP file (grey and palette images become RGB; alpha is dropped). */
    public static RgbImage read(Path file) {
        BufferedImage img;
        try (var in = Files.newInputStream(file)) {
            img = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot decode image " + file + ": " + e.getMessage()
                    + ". Remove or replace the file.", e);
        }
        if (img == null) {
            throw new IllegalStateException("Cannot decode image " + file + ": no reader for its format. "
                    + "Use JPEG, PNG or BMP.");
        }
        return of(img);
    }

    public static RgbImage of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            rgb[3 * i] = (byte) (p >> 16);
            rgb[3 * i + 1] = (byte) (p >> 8);
            rgb[3 * i + 2] = (byte) p;
        }
        return new RgbImage(w, h, rgb);
    }

    /** A copy as a Java image ({@code TYPE_INT_RGB}), e.g. for {@code Charts.imageGrid} or a notebook cell. */
    public BufferedImage toBufferedImage() {
        int[] packed = new int[width * height];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = (rgb[3 * i] & 0xff) << 16 | (rgb[3 * i + 1] & 0xff) << 8 | (rgb[3 * i + 2] & 0xff);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, packed, 0, width);
        return img;
    }

    /** Shrinks (never enlarges) so that the shorter side is at most {@code maxShorterSide}. */
    public RgbImage limitShorterSide(int maxShorterSide) {
        int shorter = Math.min(width, height);
        if (shorter <= maxShorterSide) {
            return this;
        }
        double f = (double) maxShorterSide / shorter;
        int w = Math.max(1, (int) Math.round(width * f));
        int h = Math.max(1, (int) Math.round(height * f));
        float[] chw = ImageResizer.resize(this, 0, 0, width, height, w, h);
        byte[] out = new byte[w * h * 3];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                out[3 * i + c] = (byte) Math.max(0, Math.min(255, Math.round(chw[c * plane + i])));
            }
        }
        return new RgbImage(w, h, out);
    }
}
