package tlkit.harness.grading;

import java.util.List;
import tlkit.harness.kernel.CellOutcome;

/**
 * A cell's outputs as the one text the grader scores and shows in feedback: the streams as printed,
 * and each display as its text/plain line (errors are reported apart).
 */
final class CellText {
    private CellText() {
    }

    static String of(List<CellOutcome.Output> outputs) {
        StringBuilder text = new StringBuilder();
        for (CellOutcome.Output o : outputs) {
            switch (o.type()) {
                case "stream" -> text.append(o.text());
                case "display_data", "execute_result" -> text.append(o.data().getOrDefault("text/plain", "")).append('\n');
                default -> {
                }
            }
        }
        return text.toString();
    }
}
