package tlkit.harness.bench;

/**
 * One line of the benchmark table: a workload's median over its repeats, for the kit and (where it
 * has one) its PyTorch twin. Rates are items per second; NaN where not measured.
 */
record SummaryRow(int group, String id, String description, String unit, int batch, double kitRate,
        double torchRate, double kitPeakMib, double torchPeakMib, double kitSeconds, double maxLoad, String note) {

    double throughputRatio() {
        return kitRate / torchRate;
    }

    double memoryRatio() {
        return kitPeakMib / torchPeakMib;
    }

    boolean paired() {
        return !Double.isNaN(torchRate);
    }
}
