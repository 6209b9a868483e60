package tlkit.eval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Tables that print numbers to the precision that matters: accuracies, losses and spreads to 3 decimals,
 * learning rates to 2 significant digits, seconds to 1 decimal. Only the printing changes; the values
 * stay exact. Formats use the root locale, so a table reads the same on every laptop.
 */
public final class Tables {

    private Tables() {
    }

    /** Sets a print format on every decimal column of {@code table}, chosen by its name; returns the table. */
    public static Table rounded(Table table) {
        for (Column<?> column : table.columns()) {
            NumberColumnFormatter format = formatFor(column.name().toLowerCase(Locale.ROOT));
            if (column instanceof DoubleColumn d) {
                d.setPrintFormatter(format);
            } else if (column instanceof FloatColumn f) {
                f.setPrintFormatter(format);
            }
        }
        return table;
    }

    /** A learning rate to two significant digits: 0.001, 0.0003, 3e-05. */
    public static String lr(double lr) {
        if (!Double.isFinite(lr) || lr == 0) {
            return String.valueOf(lr);
        }
        if (Math.abs(lr) < 1e-4) {
            return String.format(Locale.ROOT, "%.1e", lr).replace(".0e", "e");
        }
        return new BigDecimal(lr).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }

    private static NumberColumnFormatter formatFor(String name) {
        if (name.equals("lr") || name.startsWith("lr ") || name.endsWith(" lr") || name.contains("learning rate")) {
            return new NumberColumnFormatter(new TwoSignificantDigits());
        }
        if (name.contains("second") || name.contains("minute")) {
            return new NumberColumnFormatter(decimals(1));
        }
        return new NumberColumnFormatter(decimals(3));
    }

    private static NumberFormat decimals(int places) {
        DecimalFormat format = new DecimalFormat("#,##0." + "0".repeat(places), DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setGroupingUsed(true);
        return format;
    }

    /** Prints with {@link #lr}; these formats only print, they never parse. */
    private static final class TwoSignificantDigits extends NumberFormat {
        @Override
        public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
            return to.append(lr(number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
            return to.append(number);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("learning-rate columns are formatted for printing only");
        }
    }
}
