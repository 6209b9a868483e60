package tlkit.data.images;

import java.util.SplittableRandom;

/**
 * Turns a decoded image into a fixed-size CHW float array in [0, 255] (what the backbones take).
 * Evaluation: {@link #resizeCenterCrop}. Training augmentation (random, seeded by the dataset):
 * {@link #randomResizedCrop}, {@link #randomCrop}, each optionally {@link #withHorizontalFlip()}.
 */
public final class ImageTransform {

    private enum Kind { CENTER_CROP, SQUASH, RANDOM_RESIZED_CROP, RANDOM_CROP }

    private final Kind kind;
    private final int size;
    private final int resize;
    private final double minScale;
    private final double maxScale;
    private final int padding;
    private final boolean flip;

    private ImageTransform(Kind kind, int size, int resize, double minScale, double maxScale, int padding,
            boolean flip) {
        if (size <= 0) {
            throw new IllegalArgumentException("Output size must be positive, got " + size);
        }
        this.kind = kind;
        this.size = size;
        this.resize = resize;
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.padding = padding;
        this.flip = flip;
    }

    /** Shorter side to {@code size}, then the central {@code size x size} square. */
    public static ImageTransform resizeCenterCrop(int size) {
        return resizeCenterCrop(size, size);
    }

    /** Shorter side to {@code resize}, then the central {@code crop x crop} square (e.g. 256 / 224). */
    public static ImageTransform resizeCenterCrop(int resize, int crop) {
        if (crop > resize) {
            throw new IllegalArgumentException("crop " + crop + " is larger than resize " + resize);
        }
        return new ImageTransform(Kind.CENTER_CROP, crop, resize, 1, 1, 0, false);
    }

    /** The whole image squashed to {@code size x size} (aspect ratio not kept). */
    public static ImageTransform resize(int size) {
        return new ImageTransform(Kind.SQUASH, size, size, 1, 1, 0, false);
    }

    /** Inception-style crop: random area in [0.08, 1] of the image, aspect in [3/4, 4/3], to size. */
    public static ImageTransform randomResizedCrop(int size) {
        return randomResizedCrop(size, 0.08, 1.0);
    }

    /** Random crop covering a fraction in [minScale, maxScale] of the image area, aspect in [3/4, 4/3]. */
    public static ImageTransform randomResizedCrop(int size, double minScale, double maxScale) {
        if (!(0 < minScale && minScale <= maxScale && maxScale <= 1)) {
            throw new IllegalArgumentException("Need 0 < minScale <= maxScale <= 1, got " + minScale + ", " + maxScale);
        }
        return new ImageTransform(Kind.RANDOM_RESIZED_CROP, size, size, minScale, maxScale, 0, false);
    }

    /** Shorter side to size + centre crop, zero padding of {@code padding} px, random size x size crop (CIFAR style). */
    public static ImageTransform randomCrop(int size, int padding) {
        return new ImageTransform(Kind.RANDOM_CROP, size, size, 1, 1, padding, false);
    }

    /** The same transform followed by a left-right flip with probability 1/2. */
    public ImageTransform withHorizontalFlip() {
        return new ImageTransform(kind, size, resize, minScale, maxScale, padding, true);
    }

    /** Output side in pixels. */
    public int size() {
        return size;
    }

    /** Whether the output depends on the random generator. */
    public boolean isRandom() {
        return flip || kind == Kind.RANDOM_RESIZED_CROP || (kind == Kind.RANDOM_CROP && padding > 0);
    }

    /** CHW float values in [0, 255], {@code 3 x size x size}. */
    public float[] apply(RgbImage img, SplittableRandom rng) {
        float[] chw = switch (kind) {
            case CENTER_CROP -> centerCrop(img, resize, size);
            case SQUASH -> ImageResizer.resize(img, 0, 0, img.width(), img.height(), size, size);
            case RANDOM_RESIZED_CROP -> randomResized(img, rng);
            case RANDOM_CROP -> shift(centerCrop(img, size, size), rng);
        };
        if (flip && rng.nextBoolean()) {
            flipInPlace(chw, size);
        }
        return chw;
    }

    private static float[] centerCrop(RgbImage img, int resize, int crop) {
        // the crop box in source pixels: the shorter side maps to `resize` output pixels
        double scale = (double) Math.min(img.width(), img.height()) / resize;
        double side = crop * scale;
        return ImageResizer.resize(img, (img.width() - side) / 2, (img.height() - side) / 2, side, side, crop, crop);
    }

    private float[] randomResized(RgbImage img, SplittableRandom rng) {
        double area = (double) img.width() * img.height();
        double logLo = Math.log(3.0 / 4);
        double logHi = Math.log(4.0 / 3);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minScale + rng.nextDouble() * (maxScale - minScale));
            double aspect = Math.exp(logLo + rng.nextDouble() * (logHi - logLo));
            double w = Math.sqrt(target * aspect);
            double h = Math.sqrt(target / aspect);
            if (w <= img.width() && h <= img.height()) {
                double x0 = rng.nextDouble() * (img.width() - w);
                double y0 = rng.nextDouble() * (img.height() - h);
                return ImageResizer.resize(img, x0, y0, w, h, size, size);
            }
        }
        return centerCrop(img, size, size); // as torchvision's fallback
    }

    private float[] shift(float[] chw, SplittableRandom rng) {
        if (padding == 0) {
            return chw;
        }
        int dx = rng.nextInt(2 * padding + 1) - padding;
        int dy = rng.nextInt(2 * padding + 1) - padding;
        float[] out = new float[chw.length];
        int plane = size * size;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                int sy = y + dy;
                if (sy < 0 || sy >= size) {
                    continue;
                }
                for (int x = 0; x < size; x++) {
                    int sx = x + dx;
                    if (sx >= 0 && sx < size) {
                        out[c * plane + y * size + x] = chw[c * plane + sy * size + sx];
                    }
                }
            }
        }
        return out;
    }

    private static void flipInPlace(float[] chw, int size) {
        for (int row = 0; row < 3 * size; row++) {
            int base = row * size;
            for (int a = 0, b = size - 1; a < b; a++, b--) {
                float t = chw[base + a];
                chw[base + a] = chw[base + b];
                chw[base + b] = t;
            }
        }
    }

    @Override
    public String toString() {
        String s = switch (kind) {
            case CENTER_CROP -> "resizeCenterCrop(" + resize + ", " + size + ")";
            case SQUASH -> "resize(" + size + ")";
            case RANDOM_RESIZED_CROP -> "randomResizedCrop(" + size + ", " + minScale + ", " + maxScale + ")";
            case RANDOM_CROP -> "randomCrop(" + size + ", " + padding + ")";
        };
        return flip ? s + ".withHorizontalFlip()" : s;
    }
}
