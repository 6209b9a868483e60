package tlkit.testing;

import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import tlkit.data.Catalog;
import tlkit.data.ArrayBatches;

/** Reads a few real CIFAR-10 test JPEGs (via the catalog / mirror) as [3, 32, 32] floats in [0, 1]. */
public final class Cifar {

    private Cifar() {
    }

    /** The first {@code perClass} files (sorted by name) of each class folder; label = position in {@code classes}. */
    public static ArrayBatches load(int perClass, String... classes) {
        Path root = Catalog.get().path("cifar10-test");
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.length; c++) {
            try (Stream<Path> files = Files.list(root.resolve(classes[c]))) {
                for (Path f : files.sorted().limit(perClass).toList()) {
                    images.add(pixels(ImageIO.read(f.toFile())));
                    labels.add(c);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read CIFAR class folder " + root.resolve(classes[c]), e);
            }
        }
        float[] data = new float[images.size() * 3 * 32 * 32];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, data, i * 3072, 3072);
        }
        return new ArrayBatches(data, new Shape(3, 32, 32), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    public static float[] pixels(BufferedImage img) {
        float[] out = new float[3 * 32 * 32];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int rgb = img.getRGB(x, y);
                out[y * 32 + x] = ((rgb >> 16) & 0xff) / 255f;
                out[1024 + y * 32 + x] = ((rgb >> 8) & 0xff) / 255f;
                out[2048 + y * 32 + x] = (rgb & 0xff) / 255f;
            }
        }
        return out;
    }

    public static BufferedImage image(float[] chw) {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int r = Math.round(chw[y * 32 + x] * 255);
                int g = Math.round(chw[1024 + y * 32 + x] * 255);
                int b = Math.round(chw[2048 + y * 32 + x] * 255);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }
}
