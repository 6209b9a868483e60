package tlkit.grading;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;

/**
 * The checks of one graded task. Every check prints one line to {@code System.out} at once (never to
 * stderr: nbgrader scores a cell 0 when it writes there) and never throws: an exception inside a
 * check costs that check's points and is reported in its message, so the remaining checks still run.
 *
 * <pre>{@code
 * var t = Checks.task("hw1-freeze", 3);
 * t.check("stem is frozen", 1, () -> backbone.stage("stem").isFrozen(), "call backbone.stage(\"stem\").freeze()");
 * t.atLeast("validation accuracy", 2, () -> valAccuracy, 0.85, 0.60, "train the head longer or unfreeze less");
 * t.done();
 * }</pre>
 *
 * <p>Points of a task are capped at the task's maximum: checks worth more than the task in total make
 * the task forgiving, never worth more.
 */
public final class Task {

    /** Receives each result as it is recorded; used by the grader, absent in a student's session. */
    interface Listener {
        void recorded(Task task, CheckResult result);
    }

    private final String id;
    private final double maxPoints;
    private final List<CheckResult> results = new ArrayList<>();
    private final Listener listener;

    Task(String id, double maxPoints, Listener listener) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A task needs an id (the cell's grade id), got '" + id + "'");
        }
        if (!(maxPoints >= 0)) {
            throw new IllegalArgumentException("Task '" + id + "': points must be >= 0, got " + maxPoints);
        }
        this.id = id;
        this.maxPoints = maxPoints;
        this.listener = listener;
    }

    public String id() {
        return id;
    }

    public double maxPoints() {
        return maxPoints;
    }

    /** Points earned so far, capped at {@link #maxPoints()}. */
    public double score() {
        double sum = 0;
        for (CheckResult r : results) {
            sum += r.points();
        }
        return Math.min(maxPoints, sum);
    }

    public List<CheckResult> results() {
        return Collections.unmodifiableList(results);
    }

    /** All or nothing: {@code points} when {@code condition} is true, else 0 and the hint. */
    public Task check(String name, double points, Callable<Boolean> condition, String hint) {
        try {
            boolean ok = Boolean.TRUE.equals(condition.call());
            return record(new CheckResult(name, ok ? points : 0, points, ok ? "" : hint));
        } catch (Throwable e) {
            return record(new CheckResult(name, 0, points, threw(e) + hint));
        }
    }

    /**
     * Partial credit for a score that should reach {@code bar}: full points at or above {@code bar},
     * none at or below {@code zeroAt}, linear in between.
     */
    public Task atLeast(String name, double points, DoubleSupplier value, double bar, double zeroAt, String hint) {
        if (!(zeroAt < bar)) {
            throw new IllegalArgumentException("Check '" + name + "': zeroAt (" + zeroAt + ") must be below bar (" + bar + ")");
        }
        try {
            double v = value.getAsDouble();
            double fraction = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, (v - zeroAt) / (bar - zeroAt)));
            String seen = "got " + fmt(v) + ", need >= " + fmt(bar);
            return record(new CheckResult(name, fraction * points, points, fraction >= 1 ? seen : seen + ". " + hint));
        } catch (Throwable e) {
            return record(new CheckResult(name, 0, points, threw(e) + hint));
        }
    }

    /** Full points when {@code |actual - expected| <= tolerance}. */
    public Task close(String name, double points, double expected, DoubleSupplier actual, double tolerance, String hint) {
        try {
            double v = actual.getAsDouble();
            boolean ok = Math.abs(v - expected) <= tolerance;
            String seen = "got " + fmt(v) + ", expected " + fmt(expected) + " +/- " + fmt(tolerance);
            return record(new CheckResult(name, ok ? points : 0, points, ok ? seen : seen + ". " + hint));
        } catch (Throwable e) {
            return record(new CheckResult(name, 0, points, threw(e) + hint));
        }
    }

    /** Full points when {@code actual} equals {@code expected} ({@link java.util.Objects#equals}). */
    public Task equal(String name, double points, Object expected, Callable<?> actual, String hint) {
        try {
            Object v = actual.call();
            boolean ok = java.util.Objects.equals(expected, v);
            String seen = "got " + v + ", expected " + expected;
            return record(new CheckResult(name, ok ? points : 0, points, ok ? "" : seen + ". " + hint));
        } catch (Throwable e) {
            return record(new CheckResult(name, 0, points, threw(e) + hint));
        }
    }

    /** Prints the task's total; returns it. */
    public double done() {
        System.out.println("==> " + id + ": " + fmt(score()) + "/" + fmt(maxPoints) + " points");
        return score();
    }

    private Task record(CheckResult r) {
        results.add(r);
        System.out.println(r.line());
        if (listener != null) {
            listener.recorded(this, r);
        }
        return this;
    }

    private static String threw(Throwable e) {
        if (e instanceof UnsupportedOperationException && "TODO".equals(e.getMessage())) {
            return "not implemented yet (the cell still throws TODO). ";
        }
        return "threw " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + ". ";
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
