package tlkit.data.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import tlkit.data.Catalog;

class RgbImageTest {

    @Test
    void toBufferedImageKeepsEveryPixelAndChannel() {
        byte[] rgb = new byte[3 * 2 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 37 + 200); // values above 127 check the unsigned handling
        }
        RgbImage img = new RgbImage(3, 2, rgb);
        BufferedImage awt = img.toBufferedImage();
        assertEquals(3, awt.getWidth());
        assertEquals(2, awt.getHeight());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                int p = awt.getRGB(x, y);
                assertEquals(img.at(x, y, 0), (p >> 16) & 0xff, "red at " + x + "," + y);
                assertEquals(img.at(x, y, 1), (p >> 8) & 0xff, "green at " + x + "," + y);
                assertEquals(img.at(x, y, 2), p & 0xff, "blue at " + x + "," + y);
            }
        }
        RgbImage back = RgbImage.of(awt);
        assertEquals(java.util.Arrays.toString(rgb), java.util.Arrays.toString(back.rgb()));
    }

    @Test
    void decodedPhotoConvertsWithItsSize() {
        ImageDataset val = ImageFolder.of(Catalog.get().path("hymenoptera").resolve("val"));
        RgbImage photo = val.image(0);
        BufferedImage awt = photo.toBufferedImage();
        assertEquals(photo.width(), awt.getWidth());
        assertEquals(photo.height(), awt.getHeight());
        int x = photo.width() / 2;
        int y = photo.height() / 3;
        assertEquals(photo.at(x, y, 1), (awt.getRGB(x, y) >> 8) & 0xff);
    }
}
