package tlkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class TablesTest {

    @Test
    void learningRatesKeepTwoSignificantDigits() {
        assertEquals("0.001", Tables.lr(0.0010000000474974513));
        assertEquals("0.0003", Tables.lr(3.0000001e-4));
        assertEquals("0.032", Tables.lr(0.0316));
        assertEquals("3e-05", Tables.lr(3e-5));
        assertEquals("1.5e-05", Tables.lr(1.5e-5));
    }

    @Test
    void columnsPrintToWhatMatters() {
        Table t = Table.create("t", DoubleColumn.create("lr", 0.0010000000474974513),
                DoubleColumn.create("val acc", 0.6938775510204082), DoubleColumn.create("train seconds", 12.3456));
        String printed = Tables.rounded(t).print();
        assertTrue(printed.contains("0.001") && printed.contains("0.694") && printed.contains("12.3"), printed);
        assertFalse(printed.contains("0.0010000000474974513") || printed.contains("0.69387"), printed);
        assertEquals(0.6938775510204082, t.doubleColumn("val acc").get(0), "only the printing changes");
    }
}
