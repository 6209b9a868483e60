package tlkit.harness.grading;

import java.util.List;
import java.util.Map;

/**
 * The grade of one submission, decided by the grader from what it observed.
 *
 * @param name submission name (file name without .ipynb, or its folder path)
 * @param points per test cell grade id, in notebook order
 * @param total sum of {@code points}
 * @param notes what went wrong in the run (errors, timeouts, restarts), for the instructor and student
 * @param feedback the full feedback text written for the student
 * @param seconds wall-clock time spent grading it
 */
public record SubmissionResult(String name, Map<String, Double> points, double total, List<String> notes,
        String feedback, double seconds) {
}
