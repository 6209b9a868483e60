package tlkit.data.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tlkit.data.Catalog;

class ImageFolderTest {

    private static Path hymenoptera() {
        return Catalog.get().path("hymenoptera");
    }

    @Test
    void hymenopteraSkipsTheGifWithOneWarningAndCountsMatch() {
        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ImageDataset train;
        try {
            System.setOut(new PrintStream(captured, true));
            train = ImageFolder.of(hymenoptera().resolve("train"));
        } finally {
            System.setOut(old);
        }
        String out = captured.toString();
        System.out.print(out);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains("imageNotFound.gif"), out);
        assertEquals(List.of("ants", "bees"), train.classes());
        assertArrayEquals(new int[] {123, 121}, train.classCounts());
        ImageDataset val = ImageFolder.of(hymenoptera().resolve("val"));
        assertArrayEquals(new int[] {70, 83}, val.classCounts());
        assertTrue(IntStream.range(0, train.size()).noneMatch(i -> train.name(i).endsWith(".gif")));
    }

    @Test
    void namesWithSpacesAndParenthesesDecode() {
        ImageDataset train = ImageFolder.of(hymenoptera().resolve("train"));
        ImageDataset val = ImageFolder.of(hymenoptera().resolve("val"));
        int spaced = IntStream.range(0, train.size()).filter(i -> train.name(i).equals("ants/ant photos.jpg"))
                .findFirst().orElseThrow();
        int paren = IntStream.range(0, val.size()).filter(i -> val.name(i).equals("ants/F.pergan.28(f).jpg"))
                .findFirst().orElseThrow();
        RgbImage a = train.image(spaced);
        RgbImage b = val.image(paren);
        assertTrue(a.width() > 32 && a.height() > 32 && b.width() > 32 && b.height() > 32);
        assertEquals(0, train.label(spaced));
    }

    @Test
    void batchesAreNchwFloatPixelsAndLabels() {
        ImageDataset val = ImageFolder.of(hymenoptera().resolve("val"))
                .withTransform(ImageTransform.resizeCenterCrop(96));
        try (NDManager m = NDManager.newBaseManager()) {
            NDList b = val.batch(m, new int[] {0, 1, 100});
            assertEquals(new Shape(3, 3, 96, 96), b.get(0).getShape());
            assertEquals(DataType.FLOAT32, b.get(0).getDataType());
            assertTrue(b.get(0).max().getFloat() <= 255f && b.get(0).min().getFloat() >= 0f);
            assertTrue(b.get(0).max().getFloat() > 100f); // real pixels, not [0, 1]
            assertArrayEquals(new float[] {0, 0, 1}, b.get(1).toFloatArray());
        }
    }

    @Test
    void randomAugmentationIsSeedReproducibleAndVaries() {
        ImageDataset val = ImageFolder.of(hymenoptera().resolve("val")).cached(256);
        ImageTransform aug = ImageTransform.randomResizedCrop(64).withHorizontalFlip();
        int[] idx = {3, 4, 5, 6};
        try (NDManager m = NDManager.newBaseManager()) {
            float[] a1 = val.withTransform(aug, 42).batch(m, idx).get(0).toFloatArray();
            float[] a2 = val.withTransform(aug, 42).batch(m, idx).get(0).toFloatArray();
            ImageDataset seeded = val.withTransform(aug, 42);
            seeded.batch(m, idx);
            float[] secondEpoch = seeded.batch(m, idx).get(0).toFloatArray();
            float[] other = val.withTransform(aug, 43).batch(m, idx).get(0).toFloatArray();
            assertArrayEquals(a1, a2);
            assertFalse(java.util.Arrays.equals(a1, secondEpoch));
            assertFalse(java.util.Arrays.equals(a1, other));
        }
    }

    @Test
    void resizeOfA32PixelImageTo32IsExact() {
        byte[] rgb = new byte[32 * 32 * 3];
        new SplittableRandom(1).nextBytes(rgb);
        RgbImage img = new RgbImage(32, 32, rgb);
        float[] chw = ImageTransform.resizeCenterCrop(32).apply(img, new SplittableRandom(0));
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(img.at(x, y, c), chw[c * 1024 + y * 32 + x], 1e-3);
                }
            }
        }
        float[] flipped = ImageTransform.randomCrop(32, 0).withHorizontalFlip().apply(img, new SplittableRandom(5));
        boolean isFlip = flipped[0] == chw[31] || flipped[0] == chw[0];
        assertTrue(isFlip);
    }

    @Test
    void djlDatasetViewYieldsEveryExampleOncePerEpoch() throws Exception {
        ImageDataset val = ImageFolder.of(hymenoptera().resolve("val"))
                .withTransform(ImageTransform.resizeCenterCrop(32));
        ImageDataset small = val.subset(tlkit.data.Splits.kShot(val.labels(), 10, 3).train());
        ai.djl.training.dataset.Dataset djl = small.toDjlDataset(8, true, 9);
        try (NDManager m = NDManager.newBaseManager()) {
            int seen = 0;
            float labelSum = 0;
            for (ai.djl.training.dataset.Batch b : djl.getData(m)) {
                assertEquals(3, b.getData().head().getShape().get(1));
                seen += b.getSize();
                labelSum += b.getLabels().head().sum().getFloat();
                b.close();
            }
            assertEquals(20, seen);
            assertEquals(10f, labelSum); // 10 bees (label 1) + 10 ants
        }
    }

    @Test
    void ownFolderWithPngsAndABrokenJpegNamesTheBrokenFile(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path cats = java.nio.file.Files.createDirectories(tmp.resolve("big cats (wild)"));
        Path dogs = java.nio.file.Files.createDirectories(tmp.resolve("dogs"));
        for (int i = 0; i < 3; i++) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(40 + i, 30,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, 0xff0000);
            javax.imageio.ImageIO.write(img, "png", cats.resolve("cat " + i + ".png").toFile());
        }
        java.nio.file.Files.write(dogs.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2});
        java.nio.file.Files.writeString(dogs.resolve("notes.txt"), "not an image");
        ImageDataset d = ImageFolder.of(tmp).withTransform(ImageTransform.resizeCenterCrop(16));
        assertEquals(List.of("big cats (wild)", "dogs"), d.classes());
        assertArrayEquals(new int[] {3, 1}, d.classCounts());
        try (NDManager m = NDManager.newBaseManager()) {
            NDList ok = d.batch(m, new int[] {0, 1, 2});
            assertEquals(new Shape(3, 3, 16, 16), ok.get(0).getShape());
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> d.batch(m, new int[] {3}));
            assertTrue(e.getMessage().contains("broken.jpg"), e.getMessage());
        }
    }
}
