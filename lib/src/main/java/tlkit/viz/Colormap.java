package tlkit.viz;

/** The viridis colour map (perceptually uniform, readable in grey and by colour-blind readers). */
public final class Colormap {

    /** Nine anchor colours from low to high, interpolated linearly. */
    private static final int[] VIRIDIS = {0x440154, 0x472c7a, 0x3b518b, 0x2c718e, 0x21908d, 0x27ad81, 0x5cc863,
        0xaadc32, 0xfde725};

    private Colormap() {
    }

    /** The RGB colour of {@code t} in [0, 1] (clamped). */
    public static int viridis(double t) {
        t = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) t);
        double f = t - i;
        int a = VIRIDIS[i];
        int b = VIRIDIS[i + 1];
        int r = (int) Math.round(((a >> 16) & 0xff) * (1 - f) + ((b >> 16) & 0xff) * f);
        int g = (int) Math.round(((a >> 8) & 0xff) * (1 - f) + ((b >> 8) & 0xff) * f);
        int bl = (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
        return (r << 16) | (g << 8) | bl;
    }
}
