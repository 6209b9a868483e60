package tlkit.data.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a class-per-folder image collection: {@code root/<class>/<image>}. Classes are the sorted
 * subfolder names; files are listed recursively and sorted. Only JPEG, PNG and BMP files (checked by
 * their first bytes, not their names) are kept; anything else is skipped with a single warning line.
 */
public final class ImageFolder {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolder.class);

    private ImageFolder() {}

    /** The images under {@code root}, evaluated with {@code resizeCenterCrop(224)} until you pick a transform. */
    public static ImageDataset of(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("Image folder " + root + " does not exist or is not a folder");
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory).filter(d -> !hidden(d)).sorted().forEach(dir -> {
                int label = classes.size();
                classes.add(dir.getFileName().toString());
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile).filter(f -> !hidden(f)).sorted().forEach(f -> {
                        if (isSupportedImage(f)) {
                            files.add(f);
                            labels.add(label);
                        } else {
                            skipped.add(root.relativize(f).toString());
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + dir, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("No class subfolders in " + root
                    + "; expected root/<class name>/<image files>");
        }
        if (!skipped.isEmpty()) {
            LOG.warn("Skipped {} file(s) under {} that are not JPEG/PNG/BMP images: {}", skipped.size(), root,
                    skipped);
        }
        return new ImageDataset(root, files, labels.stream().mapToInt(Integer::intValue).toArray(), classes,
                ImageTransform.resizeCenterCrop(224), 0L, null, Integer.MAX_VALUE);
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    /** JPEG (FF D8 FF), PNG (89 'PNG') or BMP ('BM') signature. */
    static boolean isSupportedImage(Path f) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(f)) {
            if (in.readNBytes(head, 0, 4) < 4) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        int b0 = head[0] & 0xff;
        int b1 = head[1] & 0xff;
        int b2 = head[2] & 0xff;
        boolean jpeg = b0 == 0xFF && b1 == 0xD8 && b2 == 0xFF;
        boolean png = b0 == 0x89 && b1 == 'P' && b2 == 'N' && (head[3] & 0xff) == 'G';
        boolean bmp = b0 == 'B' && b1 == 'M';
        return jpeg || png || bmp;
    }
}
