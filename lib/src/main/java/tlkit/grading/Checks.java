package tlkit.grading;

/**
 * Entry point for the checks in homework notebooks: {@code var t = Checks.task("hw1-head", 2);} then
 * {@code t.check(...)}, {@code t.atLeast(...)}, ... and {@code t.done()}. See {@link Task}.
 *
 * <p>In the student's notebook a task only prints feedback. When {@code ./kit grade} runs the
 * instructor's test cells after a submission, the grader binds the task to its own recorder; the
 * points come from that recorder, never from anything the notebook prints.
 */
public final class Checks {

    private Checks() {
    }

    /** A task worth {@code points}; {@code id} is the grade id of the cell (nbgrader's {@code grade_id}). */
    public static Task task(String id, double points) {
        Recorder recorder = Recorder.claim(id);
        return new Task(id, points, recorder);
    }

}
