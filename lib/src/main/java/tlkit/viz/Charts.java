package tlkit.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tlkit.eval.Results;
import tlkit.tune.History;

/**
 * Course charts as {@link BufferedImage}s (display them in a notebook, or {@link #savePng}). All
 * work headless ({@code -Djava.awt.headless=true}); default size 700x450.
 */
public final class Charts {

    public static final int WIDTH = 700;
    public static final int HEIGHT = 450;

    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};

    private Charts() {
    }

    // ------------------------------------------------------------------ learning curves

    /** Loss (left) and accuracy (right) per epoch; training dashed, validation solid, one colour per run. */
    public static BufferedImage learningCurves(List<History> runs) {
        int panel = WIDTH * 3 / 4;
        BufferedImage loss = curves(runs, "loss", "Loss per epoch", "loss", panel, false);
        BufferedImage acc = curves(runs, "acc", "Accuracy per epoch", "accuracy", panel, false);
        int width = panel * 2;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(font);
        // legend rows: one entry per run, wrapped; then the line-style key
        List<int[]> positions = new ArrayList<>();
        int x = 20;
        int row = 0;
        for (History h : runs) {
            int w = 40 + fm.stringWidth(h.name()) + 24;
            if (x + w > width - 20 && x > 20) {
                row++;
                x = 20;
            }
            positions.add(new int[] {x, row});
            x += w;
        }
        int legendHeight = (row + 2) * 22 + 10;
        BufferedImage out = new BufferedImage(width, loss.getHeight() + legendHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(out);
        g.drawImage(loss, 0, 0, null);
        g.drawImage(acc, panel, 0, null);
        g.setFont(font);
        for (int r = 0; r < runs.size(); r++) {
            int lx = positions.get(r)[0];
            int ly = loss.getHeight() + 12 + positions.get(r)[1] * 22;
            g.setColor(PALETTE[r % PALETTE.length]);
            g.setStroke(new BasicStroke(3));
            g.drawLine(lx, ly, lx + 30, ly);
            g.setColor(Color.BLACK);
            g.drawString(runs.get(r).name(), lx + 38, ly + 5);
        }
        int ky = loss.getHeight() + 12 + (row + 1) * 22;
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(20, ky, 50, ky);
        g.drawString("training", 58, ky + 5);
        g.setStroke(new BasicStroke(2));
        g.drawLine(140, ky, 170, ky);
        g.fillOval(151, ky - 4, 8, 8);
        g.drawString("validation", 178, ky + 5);
        g.dispose();
        return out;
    }

    public static BufferedImage learningCurves(History... runs) {
        return learningCurves(Arrays.asList(runs));
    }

    /** One metric ("loss" or "acc") per epoch, train dashed and validation solid. */
    public static BufferedImage curves(List<History> runs, String metric, String title, String yLabel, int width) {
        return curves(runs, metric, title, yLabel, width, true);
    }

    private static BufferedImage curves(List<History> runs, String metric, String title, String yLabel, int width,
            boolean legend) {
        XYChart chart = new XYChartBuilder().width(width).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle(yLabel).build();
        style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setLegendVisible(legend);
        chart.getStyler().setXAxisDecimalPattern("0");
        for (int r = 0; r < runs.size(); r++) {
            History h = runs.get(r);
            double[] epochs = h.column("epoch");
            Color color = PALETTE[r % PALETTE.length];
            XYSeries train = chart.addSeries(h.name() + " train", epochs, h.column("train_" + metric));
            look(train, color, SeriesMarkers.NONE);
            train.setLineStyle(SeriesLines.DASH_DASH);
            double[] val = h.column("val_" + metric);
            if (Arrays.stream(val).anyMatch(Double::isFinite)) {
                look(chart.addSeries(h.name() + " val", epochs, val), color, SeriesMarkers.CIRCLE);
            }
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    // ------------------------------------------------------------------ comparisons

    /** Bars with optional error bars (pass {@code errors = null} for none), e.g. accuracy per strategy. */
    public static BufferedImage bars(String title, String yLabel, List<String> names, double[] values, double[] errors) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel)
                .build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setDecimalPattern("0.000");
        chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        chart.getStyler().setLabelsFontColor(Color.WHITE);
        chart.getStyler().setLabelsPosition(0.5);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        chart.getStyler().setYAxisMin(0.0);
        double max = 0;
        for (int i = 0; i < values.length; i++) {
            max = Math.max(max, values[i] + (errors == null ? 0 : errors[i]));
        }
        chart.getStyler().setYAxisMax(max <= 1.0 ? 1.0 : max * 1.1);
        chart.getStyler().setXAxisLabelRotation(names.stream().mapToInt(String::length).sum() > 70 ? 20 : 0);
        List<Double> v = Arrays.stream(values).boxed().toList();
        CategorySeries s = errors == null ? chart.addSeries(yLabel, names, v)
                : chart.addSeries(yLabel, names, v, Arrays.stream(errors).boxed().toList());
        s.setFillColor(PALETTE[0]);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Best validation accuracy of each run, as bars. */
    public static BufferedImage compare(List<History> runs) {
        return bars("Best validation accuracy per run", "validation accuracy",
                runs.stream().map(History::name).toList(),
                runs.stream().mapToDouble(History::bestValAcc).toArray(), null);
    }

    /**
     * Accuracy against the number of labelled training examples per class, one line per strategy
     * (e.g. pretrained vs scratch: how much data does pretraining save?). A NaN accuracy ("not measured
     * at that size") leaves a gap in that strategy's line. The sizes sit evenly spaced (with {@code logX},
     * which the usual doubling sizes make close to a log scale) and each is labelled with its own value.
     */
    public static BufferedImage accuracyVsExamples(int[] examplesPerClass, Map<String, double[]> accuracyByStrategy,
            boolean logX) {
        List<String> labels = Arrays.stream(examplesPerClass).mapToObj(String::valueOf).toList();
        double[] x = logX ? positions(labels.size()) : Arrays.stream(examplesPerClass).asDoubleStream().toArray();
        XYChart chart = sizeChart("Accuracy vs labelled examples per class", labels, x, logX);
        int r = 0;
        for (Map.Entry<String, double[]> e : accuracyByStrategy.entrySet()) {
            look(chart.addSeries(e.getKey(), x, e.getValue()), PALETTE[r++ % PALETTE.length], SeriesMarkers.CIRCLE);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * The mean accuracy of each strategy of {@code results} at each size it was run, with a shaded band
     * from the worst to the best seed. Sizes are evenly spaced and labelled with their values ("all" for
     * the full training set).
     */
    public static BufferedImage accuracyVsExamples(Results results) {
        int[] sizes = results.sizes();
        List<String> labels = Arrays.stream(sizes)
                .mapToObj(n -> results.sizeLabel(n).equals("all") ? "all (" + n + ")" : String.valueOf(n)).toList();
        double[] x = positions(sizes.length);
        XYChart chart = sizeChart(results.title(), labels, x, true);
        int seeds = results.strategies().stream().mapToInt(s -> Arrays.stream(sizes)
                .map(n -> results.runs(s, n).size()).max().orElse(0)).max().orElse(0);
        if (seeds > 1) {
            chart.setXAxisTitle(chart.getXAxisTitle() + "; shading: range over " + seeds + " seeds");
        }
        int r = 0;
        for (String strategy : results.strategies()) {
            Color color = PALETTE[r++ % PALETTE.length];
            List<Double> xs = new ArrayList<>();
            List<Double> mean = new ArrayList<>();
            List<Double> low = new ArrayList<>();
            List<Double> high = new ArrayList<>();
            for (int i = 0; i < sizes.length; i++) {
                if (!results.runs(strategy, sizes[i]).isEmpty()) {
                    Results.Spread s = results.spread(strategy, sizes[i]);
                    xs.add(x[i]);
                    mean.add(s.mean());
                    low.add(s.min());
                    high.add(s.max());
                }
            }
            if (high.size() > 1 && !low.equals(high)) {
                List<Double> bandX = new ArrayList<>(xs);
                List<Double> bandY = new ArrayList<>(high);
                for (int i = xs.size() - 1; i >= 0; i--) {
                    bandX.add(xs.get(i));
                    bandY.add(low.get(i));
                }
                XYSeries band = chart.addSeries(strategy + " (range over seeds)", bandX, bandY);
                band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 45));
                band.setLineColor(new Color(0, 0, 0, 0));
                band.setMarker(SeriesMarkers.NONE);
                band.setShowInLegend(false);
            }
            look(chart.addSeries(strategy, xs, mean), color, SeriesMarkers.CIRCLE);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Accuracy at each stage of a network (e.g. linear probes after stem, stage1, ...), one line per target
     * task, x labelled with the stage names; each {@code baselines} entry (e.g. the majority class) is a dashed
     * line in the colour of the task at the same position in {@code accuracyByTask}.
     */
    public static BufferedImage byStage(String title, List<String> stages, Map<String, double[]> accuracyByTask,
            Map<String, Double> baselines) {
        double[] x = positions(stages.size());
        XYChart chart = sizeChart(title, stages, x, true, true);
        chart.setXAxisTitle("stage the features are taken after (input side left)");
        int r = 0;
        for (Map.Entry<String, double[]> e : accuracyByTask.entrySet()) {
            if (e.getValue().length != stages.size()) {
                throw new IllegalArgumentException(e.getKey() + " has " + e.getValue().length + " values for "
                        + stages.size() + " stages " + stages);
            }
            look(chart.addSeries(e.getKey(), x, e.getValue()), PALETTE[r++ % PALETTE.length], SeriesMarkers.CIRCLE);
        }
        r = 0;
        for (Map.Entry<String, Double> b : baselines.entrySet()) {
            double[] level = new double[x.length];
            Arrays.fill(level, b.getValue());
            XYSeries s = chart.addSeries(b.getKey(), x, level);
            look(s, PALETTE[r++ % PALETTE.length], SeriesMarkers.NONE);
            s.setLineStyle(SeriesLines.DASH_DASH);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static double[] positions(int n) {
        return java.util.stream.IntStream.range(0, n).asDoubleStream().toArray();
    }

    /**
     * An accuracy chart whose x axis is labelled at the measured sizes only; the legend sits below the plot.
     * XChart puts one tick at each x value when the values are evenly spaced, which is why sizes are plotted
     * at positions 0, 1, 2, ... and labelled by the formatter.
     */
    private static XYChart sizeChart(String title, List<String> labels, double[] x, boolean evenlySpaced) {
        return sizeChart(title, labels, x, evenlySpaced, false);
    }

    /** {@code legendBeside}: the legend right of the plot, one entry per line, for long series names. */
    private static XYChart sizeChart(String title, List<String> labels, double[] x, boolean evenlySpaced,
            boolean legendBeside) {
        XYChart chart = new XYChartBuilder().width(legendBeside ? WIDTH + 260 : WIDTH)
                .height(legendBeside ? HEIGHT : HEIGHT + 50).title(title)
                .xAxisTitle("labelled examples per class" + (evenlySpaced ? " (measured sizes, evenly spaced)" : ""))
                .yAxisTitle("accuracy (held-out examples)").build();
        style(chart);
        chart.getStyler().setLegendPosition(legendBeside ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(legendBeside ? Styler.LegendLayout.Vertical : Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.setCustomXAxisTickLabelsFormatter(v -> {
            for (int i = 0; i < x.length; i++) {
                if (Math.abs(v - x[i]) < 1e-6) {
                    return labels.get(i);
                }
            }
            return evenlySpaced ? "" : String.valueOf(Math.round(v));
        });
        return chart;
    }

    // ------------------------------------------------------------------ features

    /** Features projected on their first two principal components, coloured by class. */
    public static BufferedImage pcaScatter(float[][] features, int[] labels, List<String> classNames, String title) {
        double[][] xy = Pca.project2d(features);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("PC 1")
                .yAxisTitle("PC 2").build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (int c = 0; c < classNames.size(); c++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    xs.add(xy[i][0]);
                    ys.add(xy[i][1]);
                }
            }
            if (!xs.isEmpty()) {
                Color col = PALETTE[c % PALETTE.length];
                look(chart.addSeries(classNames.get(c), xs, ys), col, SeriesMarkers.CIRCLE);
            }
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    // ------------------------------------------------------------------ drawn by hand

    /** Confusion matrix heat map: colour = share of the true class (row), text = count. */
    public static BufferedImage confusionMatrix(int[][] counts, List<String> classNames, String title) {
        int k = counts.length;
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = probe.createGraphics().getFontMetrics(labelFont);
        int nameWidth = classNames.stream().mapToInt(fm::stringWidth).max().orElse(40);
        int top = 80;
        int cell = Math.max(28, Math.min(80, (HEIGHT - top - 30 - nameWidth) / Math.max(1, k)));
        int width = Math.max(WIDTH, nameWidth + 60 + cell * k + 40);
        int left = Math.max(nameWidth + 50, (width - cell * k) / 2);
        int height = top + cell * k + nameWidth + 30;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        centered(g, title, width / 2, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 12));
        g.setColor(Color.DARK_GRAY);
        centered(g, "numbers = counts, colour = share of the true class", width / 2, 48);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        centered(g, "predicted class", left + cell * k / 2, top - 12);
        for (int r = 0; r < k; r++) {
            long rowSum = Arrays.stream(counts[r]).sum();
            for (int c = 0; c < k; c++) {
                double share = rowSum == 0 ? 0 : counts[r][c] / (double) rowSum;
                Color fill = blend(new Color(247, 251, 255), new Color(8, 69, 148), share);
                g.setColor(fill);
                g.fillRect(left + c * cell, top + r * cell, cell, cell);
                g.setColor(new Color(220, 220, 220));
                g.drawRect(left + c * cell, top + r * cell, cell, cell);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, r == c ? Font.BOLD : Font.PLAIN, cell >= 40 ? 13 : 10));
                centered(g, String.valueOf(counts[r][c]), left + c * cell + cell / 2, top + r * cell + cell / 2 + 5);
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(labelFont);
        for (int i = 0; i < k; i++) {
            String name = classNames.get(i);
            g.drawString(name, left - 8 - fm.stringWidth(name), top + i * cell + cell / 2 + 5);
            Graphics2D rot = (Graphics2D) g.create();
            rot.translate(left + i * cell + cell / 2 + 5, top + k * cell + 8);
            rot.rotate(Math.PI / 2);
            rot.drawString(name, 0, 0);
            rot.dispose();
        }
        Graphics2D rot = (Graphics2D) g.create();
        rot.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        rot.translate(left - nameWidth - 25, top + k * cell / 2);
        rot.rotate(-Math.PI / 2);
        centered(rot, "true class", 0, 0);
        rot.dispose();
        g.dispose();
        return img;
    }

    /**
     * Images in a grid with "true / predicted" captions: green when right, red when wrong. Pass
     * {@code predicted = null} to show the true labels only.
     */
    public static BufferedImage imageGrid(List<BufferedImage> images, List<String> trueLabels, List<String> predicted,
            int columns) {
        int n = images.size();
        int cols = Math.max(1, Math.min(columns, n));
        int rows = (n + cols - 1) / cols;
        int tile = Math.max(64, Math.min(160, (WIDTH - 20) / cols - 10));
        int captionHeight = predicted == null ? 20 : 36;
        int width = cols * (tile + 10) + 10;
        int height = rows * (tile + captionHeight + 10) + 10;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < n; i++) {
            int x = 10 + (i % cols) * (tile + 10);
            int y = 10 + (i / cols) * (tile + captionHeight + 10);
            BufferedImage src = images.get(i);
            double scale = Math.min(tile / (double) src.getWidth(), tile / (double) src.getHeight());
            int w = (int) Math.round(src.getWidth() * scale);
            int h = (int) Math.round(src.getHeight() * scale);
            g.drawImage(src, x + (tile - w) / 2, y + (tile - h) / 2, w, h, null);
            if (predicted == null) {
                g.setColor(Color.BLACK);
                centered(g, fit(g, trueLabels.get(i), tile), x + tile / 2, y + tile + 15);
            } else {
                boolean ok = trueLabels.get(i).equals(predicted.get(i));
                g.setColor(Color.DARK_GRAY);
                centered(g, fit(g, "true: " + trueLabels.get(i), tile), x + tile / 2, y + tile + 15);
                g.setColor(ok ? new Color(0, 130, 0) : new Color(200, 0, 0));
                centered(g, fit(g, "pred: " + predicted.get(i), tile), x + tile / 2, y + tile + 30);
                g.setStroke(new BasicStroke(3));
                g.drawRect(x - 2, y - 2, tile + 3, tile + 3);
            }
        }
        g.dispose();
        return img;
    }

    // ------------------------------------------------------------------ saving

    /** Writes {@code image} as PNG (via a temporary file and a rename). */
    public static Path savePng(BufferedImage image, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                if (!ImageIO.write(image, "png", tmp.toFile())) {
                    throw new IOException("no PNG writer available");
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the chart to " + file
                    + "; check that the folder is writable", e);
        }
    }

    /** Several runs' history as one map of name to values (helper for {@link #accuracyVsExamples}). */
    public static Map<String, double[]> series(String name, double[] values) {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put(name, values);
        return m;
    }

    // ------------------------------------------------------------------ styling helpers

    private static void style(Chart<?, ?> chart) {
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(new Color(200, 200, 200));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendBorderColor(new Color(220, 220, 220));
        s.setChartTitleBoxVisible(false);
        s.setSeriesColors(PALETTE);
        s.setAntiAlias(true);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            a.setPlotGridLinesColor(new Color(230, 230, 230));
        }
    }

    private static void look(XYSeries s, Color color, org.knowm.xchart.style.markers.Marker marker) {
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(marker);
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }

    private static void centered(Graphics2D g, String text, int cx, int baseline) {
        g.drawString(text, cx - g.getFontMetrics().stringWidth(text) / 2, baseline);
    }

    private static String fit(Graphics2D g, String text, int width) {
        String t = text;
        while (t.length() > 3 && g.getFontMetrics().stringWidth(t) > width) {
            t = t.substring(0, t.length() - 2);
        }
        return t.equals(text) ? t : t + "…";
    }

    private static Color blend(Color a, Color b, double t) {
        return new Color((int) (a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) (a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) (a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }
}
