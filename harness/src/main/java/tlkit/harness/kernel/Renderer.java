package tlkit.harness.kernel;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** IJava's default rendering: images become image/png (plus text/plain), everything else text/plain. */
public final class Renderer {
    private Renderer() {}

    public static Map<String, String> render(Object value) {
        Map<String, String> data = new LinkedHashMap<>();
        if (value instanceof RenderedImage image) {
            data.put("image/png", pngBase64(image));
        }
        data.put("text/plain", String.valueOf(value));
        return data;
    }

    private static String pngBase64(RenderedImage image) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", png)) {
                throw new IllegalArgumentException("no PNG writer accepts this image type: " + image);
            }
            return Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the image as PNG", e);
        }
    }
}
