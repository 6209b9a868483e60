package tlkit.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import tlkit.models.Backbone;
import tlkit.models.Stage;

/** What a pretrained CNN has learned, as pictures: its first filters and the feature maps of each stage. */
public final class NetworkPictures {

    private static final int LABEL_WIDTH = 150;
    private static final int TILE = 72;
    private static final int GAP = 6;

    private NetworkPictures() {
    }

    /**
     * The filters of the first convolution that sees the RGB input, one tile each: red, green and blue weights
     * shown as colour, grey = 0. All tiles share one scale, so a pale tile is a weak filter.
     */
    public static BufferedImage firstFilters(Backbone backbone) {
        NDArray w = firstRgbKernel(backbone);
        long[] shape = w.getShape().getShape(); // [out, 3, k, k]
        int out = (int) shape[0];
        int k = (int) shape[2];
        float[] v = w.toFloatArray();
        double scale = 1e-12;
        for (float x : v) {
            scale = Math.max(scale, Math.abs(x));
        }
        int columns = Math.min(out, 8);
        int rows = (out + columns - 1) / columns;
        BufferedImage img = canvas(columns * (TILE + GAP) + GAP, rows * (TILE + GAP) + GAP + 30);
        Graphics2D g = img.createGraphics();
        text(g, backbone.name() + ": the " + out + " filters of its first convolution (" + k + "×" + k + "×3)", GAP, 20);
        for (int f = 0; f < out; f++) {
            int x0 = GAP + (f % columns) * (TILE + GAP);
            int y0 = 30 + GAP + (f / columns) * (TILE + GAP);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    int[] rgb = new int[3];
                    for (int c = 0; c < 3; c++) {
                        double t = 0.5 + 0.5 * v[((f * 3 + c) * k + i) * k + j] / scale;
                        rgb[c] = (int) Math.round(255 * Math.max(0, Math.min(1, t)));
                    }
                    g.setColor(new Color(rgb[0], rgb[1], rgb[2]));
                    int cell = TILE / k;
                    g.fillRect(x0 + j * cell, y0 + i * cell, cell, cell);
                }
            }
        }
        g.dispose();
        return img;
    }

    /**
     * For each stage (a row), the {@code perStage} feature maps that vary most across the image for one input
     * (the most structured ones; the most active ones are often flat at ReLU6's ceiling), each scaled to its own range (viridis: dark low, yellow high). {@code maps} come from
     * {@code StageFeatures.maps}, in stage order.
     */
    public static BufferedImage stageMaps(Backbone backbone, List<float[][][]> maps, int perStage) {
        List<Stage> stages = backbone.stages();
        if (maps.size() != stages.size()) {
            throw new IllegalArgumentException(maps.size() + " stage outputs for " + stages.size() + " stages of "
                    + backbone.name());
        }
        BufferedImage img = canvas(LABEL_WIDTH + perStage * (TILE + GAP) + GAP, maps.size() * (TILE + GAP) + GAP + 30);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        text(g, "Feature maps per stage: the most varied channels, each on its own scale", GAP, 20);
        for (int s = 0; s < maps.size(); s++) {
            float[][][] m = maps.get(s);
            int y0 = 30 + GAP + s * (TILE + GAP);
            text(g, stages.get(s).name(), GAP, y0 + TILE / 2 - 2);
            text(g, m[0].length + "×" + m[0][0].length + ", " + m.length + " ch", GAP, y0 + TILE / 2 + 14);
            int[] channels = IntStream.range(0, m.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> -spread(m[c]))).limit(perStage)
                    .mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < channels.length; i++) {
                g.drawImage(heatmap(m[channels[i]]), LABEL_WIDTH + GAP + i * (TILE + GAP), y0, TILE, TILE, null);
            }
        }
        g.dispose();
        return img;
    }

    private static NDArray firstRgbKernel(Backbone backbone) {
        for (Stage stage : backbone.stages()) {
            for (Parameter p : stage.inner().getParameters().values()) {
                if (p.isInitialized() && p.getArray().getShape().dimension() == 4 && p.getArray().getShape().get(1) == 3) {
                    return p.getArray();
                }
            }
        }
        throw new IllegalArgumentException(backbone.name() + " has no convolution over 3 input channels");
    }

    private static BufferedImage heatmap(float[][] map) {
        double lo = Arrays.stream(map).flatMapToDouble(r -> IntStream.range(0, r.length).mapToDouble(i -> r[i])).min()
                .orElse(0);
        double hi = Arrays.stream(map).flatMapToDouble(r -> IntStream.range(0, r.length).mapToDouble(i -> r[i])).max()
                .orElse(1);
        BufferedImage tile = new BufferedImage(map[0].length, map.length, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < map.length; i++) {
            for (int j = 0; j < map[0].length; j++) {
                tile.setRGB(j, i, Colormap.viridis((map[i][j] - lo) / Math.max(1e-12, hi - lo)));
            }
        }
        return tile;
    }

    /** Standard deviation of a map's values over space. */
    private static double spread(float[][] map) {
        double sum = 0;
        double squares = 0;
        int n = map.length * map[0].length;
        for (float[] row : map) {
            for (float x : row) {
                sum += x;
                squares += (double) x * x;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, squares / n - mean * mean));
    }

    private static BufferedImage canvas(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    private static void text(Graphics2D g, String s, int x, int y) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(s, x, y);
    }
}
