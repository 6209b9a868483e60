package tlkit.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The picture of a language model's pretraining: next-word loss per step, and on held-out sentences. */
public final class PretrainingCharts {

    private PretrainingCharts() {
    }

    /**
     * Training cross-entropy of every step (thin), its running mean over {@code window} steps, and the
     * held-out cross-entropy at each checkpoint (dots). The right axis of the story: e^loss is the perplexity.
     *
     * @param stepLosses training loss of steps 1, 2, ...
     * @param checkpointSteps the steps at which the held-out loss was measured
     * @param heldOutLosses held-out loss at each checkpoint
     */
    public static BufferedImage lossPerStep(double[] stepLosses, double[] checkpointSteps, double[] heldOutLosses,
            int window) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Next-word pretraining").xAxisTitle("step").yAxisTitle("cross-entropy (nats per word)").build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(200, 200, 200));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setChartTitleBoxVisible(false);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setAntiAlias(true);
        chart.getStyler().setXAxisDecimalPattern("0");
        double[] losses = stepLosses;
        if (losses.length > 0) {
            double[] steps = IntStream.rangeClosed(1, losses.length).asDoubleStream().toArray();
            XYSeries raw = chart.addSeries("training batch", steps, losses);
            raw.setLineColor(new Color(170, 200, 230));
            raw.setLineStyle(new BasicStroke(1f));
            raw.setMarker(SeriesMarkers.NONE);
            XYSeries mean = chart.addSeries("training, mean of " + window + " steps", steps, runningMean(losses, window));
            mean.setLineColor(new Color(31, 119, 180));
            mean.setMarker(SeriesMarkers.NONE);
        }
        XYSeries held = chart.addSeries("held-out sentences", checkpointSteps, heldOutLosses);
        held.setLineColor(new Color(255, 127, 14));
        held.setMarkerColor(new Color(255, 127, 14));
        held.setMarker(SeriesMarkers.CIRCLE);
        return BitmapEncoder.getBufferedImage(chart);
    }

    static double[] runningMean(double[] v, int window) {
        double[] out = new double[v.length];
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            if (i >= window) {
                sum -= v[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }
}
